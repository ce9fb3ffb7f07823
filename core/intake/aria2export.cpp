#include "intake/aria2export.h"

#include "base/safetext.h"
#include "base/shownurl.h"
#include "base/sizetext.h"
#include "base/urlkey.h"
#include "intake/aria2options.h"
#include "intake/linkscanner.h"
#include "intake/urllistparser.h"

#include <QLatin1StringView>
#include <QSaveFile>
#include <QSet>

namespace {

using Text = Result<QString>;

// The reader ends a line at LF, CR or CRLF; nothing else can start a new line or option.
bool breaksLine(QStringView value)
{
    return value.contains(u'\n') || value.contains(u'\r');
}

// Builds an entry's lines and reads each option back as the parser would, into readBack.
class EntryWriter final
{
public:
    Result<void> option(QLatin1StringView key, const QString &value)
    {
        if (breaksLine(value))
            return Result<void>::invalid(QStringLiteral("%1 contains a line break").arg(key));
        const QString line = key % u'=' % value;
        if (Result<void> applied = Aria2Options::apply(readBack, line); !applied)
            return Result<void>::invalid(QStringLiteral("%1 would not read back: %2").arg(key, applied.problem()));
        text += u"  " % line % u'\n';
        return {};
    }

    UrlEntry readBack;
    QString text;
};

// Accepted, but changed on the way: the reader trims values and reads them as UTF-8.
Result<void> differs(QLatin1StringView key)
{
    return Result<void>::invalid(QStringLiteral("%1 would not read back the same").arg(key));
}

Result<void> writeOptions(const UrlEntry &entry, EntryWriter &writer)
{
    if (!entry.outName.isEmpty()) {
        if (Result<void> r = writer.option(QLatin1StringView("out"), entry.outName); !r)
            return r;
        if (writer.readBack.outName != entry.outName)
            return differs(QLatin1StringView("out"));
    }
    if (!entry.dir.isEmpty()) {
        if (Result<void> r = writer.option(QLatin1StringView("dir"), entry.dir); !r)
            return r;
        if (writer.readBack.dir != entry.dir)
            return differs(QLatin1StringView("dir"));
    }
    if (entry.checksum) {
        const QString value = entry.checksum->algorithmName() % u'=' % entry.checksum->expectedHex();
        if (Result<void> r = writer.option(QLatin1StringView("checksum"), value); !r)
            return r;
        if (writer.readBack.checksum != entry.checksum)
            return differs(QLatin1StringView("checksum"));
    }
    for (const auto &[name, value] : entry.headers) {
        const QString line = QString::fromLatin1(name) % u": " % QString::fromUtf8(value);
        if (Result<void> r = writer.option(QLatin1StringView("header"), line); !r)
            return r;
        if (writer.readBack.headers.constLast() != qMakePair(name, value))
            return differs(QLatin1StringView("header"));
    }
    if (entry.split) {
        if (Result<void> r = writer.option(QLatin1StringView("split"), QString::number(*entry.split)); !r)
            return r;
    }
    if (entry.maxBytesPerSecond) {
        if (Result<void> r = writer.option(QLatin1StringView("max-download-limit"), SizeText::of(*entry.maxBytesPerSecond)); !r)
            return r;
    }
    return {};
}

} // namespace

Result<QString> Aria2Export::entryText(const UrlEntry &entry)
{
    const QString link = entry.url.toString(QUrl::FullyEncoded);
    // The reader's own check, so what is written is exactly what it accepts.
    const Result<QUrl> checked = LinkScanner::check(link, UrlListParser::kMaxUrlLength);
    if (!checked)
        return Text::invalid(checked.problem());
    if (breaksLine(link) || checked.value() != entry.url)
        return Text::invalid(QStringLiteral("the URL would read back differently"));
    EntryWriter writer;
    writer.text = link % u'\n';
    if (Result<void> options = writeOptions(entry, writer); !options)
        return Text(options.error());
    return std::move(writer.text);
}

Aria2ExportText Aria2Export::format(const QList<UrlEntry> &entries)
{
    Aria2ExportText result;
    QSet<QString> seen;
    seen.reserve(entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const UrlEntry &entry = entries.at(i);
        Result<QString> lines = entryText(entry);
        if (!lines) {
            result.skipped.append({i, lines.problem()});
            continue;
        }
        const qsizetype before = seen.size();
        seen.insert(UrlKey::of(entry.url));
        if (seen.size() == before) {
            result.skipped.append({i, QStringLiteral("the same URL as an earlier entry: %1")
                                          .arg(SafeText::display(ShownUrl::of(entry.url), 120))});
            continue;
        }
        result.text += lines.value();
        ++result.written;
    }
    return result;
}

Result<void> Aria2Export::save(const QString &path, const QString &text)
{
    const auto failed = [&path](const QString &why) {
        return Result<void>(DownloadError::make(ErrorKind::Disk, QStringLiteral("Could not write %1: %2").arg(path, why)));
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(file.errorString());
    const QByteArray bytes = text.toUtf8();
    if (file.write(bytes) != bytes.size())
        return failed(file.errorString());  // the destructor drops the temporary file
    if (!file.commit())
        return failed(file.errorString());
    return {};
}
