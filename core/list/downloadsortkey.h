#pragma once

#include <QString>
#include <QStringView>

// One download's value in the sorted column, computed once per change so that sorting 100,000
// rows compares plain numbers and case-folded text instead of calling data(). Plain data; GUI
// thread.
struct DownloadSortKey {
    qint64 number = 0;
    QString text;          // compared code unit by code unit after the number
    bool unknown = false;  // no value yet: last in both orders

    bool operator==(const DownloadSortKey &other) const = default;

    // <0, 0 or >0 by number, then text; `unknown` is the caller's business.
    static int compare(const DownloadSortKey &a, const DownloadSortKey &b)
    {
        if (a.number != b.number)
            return a.number < b.number ? -1 : 1;
        return QStringView(a.text).compare(QStringView(b.text));
    }
    // Text whose plain order is the natural order of `text`: digit runs compare as numbers
    // ("file2" < "file10"), leading zeros aside. Shares `text` when it has no digit.
    static QString naturalKey(const QString &text);
};
