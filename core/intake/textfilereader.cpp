#include "intake/textfilereader.h"

#include "base/humanformat.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace {

// As much as tools like grep and git look at to call a file binary.
constexpr qsizetype kBinaryProbeBytes = 64 * 1024;

Result<QString> problem(const QString &reason)
{
    return Result<QString>::invalid(reason);
}

QString tooLarge(qint64 size, qint64 maxBytes)
{
    return QStringLiteral("too large (%1, limit %2)").arg(HumanFormat::bytes(size), HumanFormat::bytes(maxBytes));
}

} // namespace

Result<void> TextFileReader::checkReadable(const QString &path)
{
    // A FIFO or device would block or never end, so only regular files are opened.
    const QFileInfo info(path);
    if (info.exists() && info.isDir())
        return Result<void>::invalid(QStringLiteral("is a folder, not a file"));
    if (info.exists() && !info.isFile())
        return Result<void>::invalid(QStringLiteral("not a regular file"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<void>::invalid(file.errorString());
    return {};
}

Result<QString> TextFileReader::read(const QString &path, qint64 maxBytes)
{
    if (const Result<void> readable = checkReadable(path); !readable)
        return problem(readable.problem());
    const QFileInfo info(path);
    if (info.size() > maxBytes)
        return problem(tooLarge(info.size(), maxBytes));

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return problem(file.errorString());
    // The file may have grown since it was measured.
    const QByteArray bytes = file.read(maxBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return problem(file.errorString());
    if (bytes.size() > maxBytes)
        return problem(tooLarge(qMax(file.size(), qint64(bytes.size())), maxBytes));
    return decode(bytes);
}

Result<QString> TextFileReader::decode(const QByteArray &bytes)
{
    const std::optional<QStringConverter::Encoding> bom = QStringConverter::encodingForData(bytes);
    if (bom && *bom != QStringConverter::Utf8) {
        // UTF-16 and UTF-32 text is full of zero bytes; a zero character is what betrays binary.
        QStringDecoder decoder(*bom);
        const QString text = decoder(bytes);
        if (decoder.hasError() || QStringView(text).first(qMin(text.size(), kBinaryProbeBytes / 2)).contains(QChar(0)))
            return problem(QStringLiteral("not a text file"));
        return text;
    }
    if (QByteArrayView(bytes).first(qMin(bytes.size(), kBinaryProbeBytes)).contains('\0'))
        return problem(QStringLiteral("not a text file"));
    return utf8OrLatin1(bytes);
}

QString TextFileReader::utf8OrLatin1(const QByteArray &bytes)
{
    QStringDecoder utf8(QStringConverter::Utf8);
    QString text = utf8(bytes);
    if (utf8.hasError())
        text = QString::fromLatin1(bytes);
    return text;
}
