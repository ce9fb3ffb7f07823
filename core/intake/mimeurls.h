#pragma once

#include <QString>
#include <QStringList>

class QMimeData;

// What a person dropped or pasted, reduced to what the URL list parser reads. Plain data.
struct DroppedInput {
    QString text;        // URL text gathered from the MIME data (one URL per line or running text)
    QStringList files;   // local files dropped (absolute paths), to read as URL lists
    QString textName = {};  // where text came from, as people see it; empty: "Dropped text"
    bool isEmpty() const { return text.isEmpty() && files.isEmpty(); }
};

// Turns dropped or pasted MIME data (uri-list, x-moz-url, HTML, plain text) into input for the
// URL list parser, taking one format per drop so a link is not counted twice. Stateless; any thread.
class MimeUrls final
{
public:
    // Whether the data holds anything to read URLs from. A quick look: it may accept data that
    // extract() then finds nothing in, such as HTML whose links are all relative.
    static bool canAccept(const QMimeData &mime);
    static DroppedInput extract(const QMimeData &mime);
};
