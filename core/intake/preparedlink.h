#pragma once

#include <QString>
#include <QStringView>
#include <QUrl>

class PlainUrlParser;

// One URL candidate checked, parsed and hashed for duplicate detection but not yet added to a
// list: the part of UrlListParser's work that needs no parse state, so any thread can do it.
// Plain data.
struct PreparedLink {
    int line = 0;
    QStringView text;
    QString problem;       // why it was rejected; empty if url is set
    QUrl url;
    QString formattedKey;  // null when the text is its own duplicate key
    size_t keyHash = 0;

    // plain belongs to the calling thread.
    void prepare(QStringView candidate, int lineNo, qsizetype maxUrlLength, size_t seed, PlainUrlParser &plain);
    QStringView key() const { return formattedKey.isNull() ? text : QStringView(formattedKey); }
};
