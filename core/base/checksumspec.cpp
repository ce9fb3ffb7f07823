#include "base/checksumspec.h"

#include <array>

namespace {

struct AlgorithmName {
    QLatin1StringView name;
    QLatin1StringView compactName;
    QCryptographicHash::Algorithm algorithm;
};

constexpr std::array<AlgorithmName, 4> kAlgorithms{{
    {QLatin1StringView("sha-256"), QLatin1StringView("sha256"), QCryptographicHash::Sha256},
    {QLatin1StringView("sha-512"), QLatin1StringView("sha512"), QCryptographicHash::Sha512},
    {QLatin1StringView("sha-1"), QLatin1StringView("sha1"), QCryptographicHash::Sha1},
    {QLatin1StringView("md5"), QLatin1StringView("md5"), QCryptographicHash::Md5},
}};

} // namespace

Result<ChecksumSpec> ChecksumSpec::parse(QStringView text)
{
    const QStringView trimmed = text.trimmed();
    qsizetype separator = trimmed.indexOf(u'=');
    if (separator < 0)
        separator = trimmed.indexOf(u':');
    if (separator <= 0)
        return Result<ChecksumSpec>::invalid(QStringLiteral("checksum must look like sha-256=HEX"));
    const QString name = trimmed.left(separator).trimmed().toString().toLower();
    const QString hex = trimmed.mid(separator + 1).trimmed().toString();
    for (const AlgorithmName &known : kAlgorithms) {
        if (name != known.name && name != known.compactName)
            continue;
        const int digestLength = QCryptographicHash::hashLength(known.algorithm);
        if (hex.size() != digestLength * 2) {
            return Result<ChecksumSpec>::invalid(QStringLiteral("%1 checksum needs %2 hex digits, got %3")
                                                     .arg(known.name).arg(digestLength * 2).arg(hex.size()));
        }
        for (QChar c : hex) {
            if (!c.isDigit() && !(c.toLower() >= u'a' && c.toLower() <= u'f'))
                return Result<ChecksumSpec>::invalid(QStringLiteral("checksum has a character that is not hex: %1").arg(c));
        }
        return ChecksumSpec{known.algorithm, QByteArray::fromHex(hex.toLatin1())};
    }
    return Result<ChecksumSpec>::invalid(
        QStringLiteral("unknown checksum algorithm '%1' (use sha-256, sha-512, sha-1 or md5)").arg(name));
}

QString ChecksumSpec::algorithmName() const
{
    for (const AlgorithmName &known : kAlgorithms) {
        if (known.algorithm == algorithm)
            return known.name;
    }
    return QStringLiteral("unknown");
}

QString ChecksumSpec::expectedHex() const
{
    return QString::fromLatin1(expected.toHex());
}
