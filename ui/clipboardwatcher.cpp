#include "clipboardwatcher.h"

#include "appsettings.h"
#include "intake/linkscanner.h"
#include "urlintake.h"

#include <QHash>
#include <QMimeData>
#include <QSet>

#include <algorithm>

ClipboardWatcher::ClipboardWatcher(QClipboard *clipboard, const AppSettings *settings, UrlIntake *intake,
                                   QObject *parent)
    : QObject(parent)
    , m_clipboard(clipboard)
    , m_settings(settings)
    , m_intake(intake)
{
    connect(clipboard, &QClipboard::changed, this, &ClipboardWatcher::onChanged);
}

QString ClipboardWatcher::ownFormat()
{
    return QStringLiteral("application/x-gather-own-copy");
}

QMimeData *ClipboardWatcher::ownCopy(const QString &text)
{
    auto *mime = new QMimeData;
    mime->setText(text);
    mime->setData(ownFormat(), QByteArrayLiteral("1"));
    return mime;
}

QStringList ClipboardWatcher::linksIn(QStringView text)
{
    QStringList links;
    QSet<QStringView> seen;
    for (const QStringView line : text.tokenize(u'\n')) {
        qsizetype from = 0;
        while (const auto link = LinkScanner::nextLink(line, from)) {
            from = std::max(link->end, from + 1);
            const bool ftp = link->scheme.compare(u"ftp", Qt::CaseInsensitive) == 0
                             || link->scheme.compare(u"ftps", Qt::CaseInsensitive) == 0;
            if ((link->http || ftp) && !seen.contains(link->text)) {
                seen.insert(link->text);
                links.append(link->text.trimmed().toString());
            }
        }
    }
    return links;
}

void ClipboardWatcher::onChanged(QClipboard::Mode mode)
{
    if (mode != QClipboard::Clipboard || !m_clipboard || !m_settings->values().watchClipboard)
        return;
    const QMimeData *mime = m_clipboard->mimeData(QClipboard::Clipboard);
    if (!mime || mime->hasFormat(ownFormat()) || !mime->hasText())
        return;
    const QString text = mime->text();
    if (text.size() > kMaxTextChars)
        return;  // a document was copied; the person did not ask for its links
    const size_t hash = qHash(text);
    if (m_offered.contains(hash))
        return;
    const QStringList links = linksIn(text);
    if (links.isEmpty())
        return;
    m_offered.append(hash);
    if (m_offered.size() > kRemembered)
        m_offered.removeFirst();
    if (links.size() > kMaxLinks) {
        Q_EMIT message(tr("The copied text holds %1 links, more than Gather offers from the clipboard (%2): "
                          "paste it with Ctrl+V to add them")
                           .arg(links.size())
                           .arg(kMaxLinks));
        return;
    }
    m_intake->offerCopied(links);
}
