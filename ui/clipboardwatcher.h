#pragma once

#include <QClipboard>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

class AppSettings;
class QMimeData;
class UrlIntake;

// Offers links that are copied to the clipboard (Ctrl+C; not the X11 mouse selection, which
// changes with every highlight) through UrlIntake's Add dialog, while AppSettings' watchClipboard
// is on. Lets be: text Gather copied itself (Copy URL marks it), text it offered before, copies
// with no http(s) or ftp link, and copies too large to be a handful of links. GUI thread.
class ClipboardWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClipboardWatcher)

public:
    static constexpr qsizetype kMaxTextChars = 1024 * 1024;  // a longer copy is a document, not links
    static constexpr qsizetype kMaxLinks = 10'000;
    static constexpr qsizetype kRemembered = 64;             // copies recognised as offered already

    // All must outlive this object.
    ClipboardWatcher(QClipboard *clipboard, const AppSettings *settings, UrlIntake *intake, QObject *parent = nullptr);

    // What Copy URL puts on the clipboard: the text, marked as Gather's own.
    static QMimeData *ownCopy(const QString &text);
    static QString ownFormat();
    // The http(s) and ftp links in text, in order, each once.
    static QStringList linksIn(QStringView text);

Q_SIGNALS:
    void message(const QString &text);  // for the status bar: why a copy was not offered

private:
    void onChanged(QClipboard::Mode mode);

    QPointer<QClipboard> m_clipboard;
    const AppSettings *m_settings;
    UrlIntake *m_intake;
    QList<size_t> m_offered;  // hashes of the copies offered, newest last
};
