#include "intake/checksumfile.h"

#include "base/safetext.h"

#include <QRegularExpression>

#include <array>
#include <optional>
#include <variant>

namespace {

using Algorithm = QCryptographicHash::Algorithm;

struct NamedAlgorithm {
    QLatin1StringView name;  // as in "SHA256SUMS" and "SHA256 (name) = HEX"
    Algorithm algorithm;
};

constexpr std::array<NamedAlgorithm, 4> kNames{{
    {QLatin1StringView("sha256"), Algorithm::Sha256},
    {QLatin1StringView("sha512"), Algorithm::Sha512},
    {QLatin1StringView("sha1"), Algorithm::Sha1},
    {QLatin1StringView("md5"), Algorithm::Md5},
}};

std::optional<Algorithm> algorithmNamed(QStringView name)
{
    QString compact = name.toString().toLower();
    compact.remove(u'-');
    for (const NamedAlgorithm &known : kNames) {
        if (compact == known.name)
            return known.algorithm;
    }
    return std::nullopt;
}

// What a file's name says its digests are: "SHA256SUMS", "x.iso.sha256".
std::optional<Algorithm> algorithmOfFile(QStringView leaf)
{
    QString name = leaf.toString().toLower();
    if (name.endsWith(u".txt"))
        name.chop(4);
    if (name.endsWith(u"sums") && !name.contains(u'.'))
        return algorithmNamed(QStringView(name).chopped(4));
    const qsizetype dot = name.lastIndexOf(u'.');
    return dot < 0 ? std::nullopt : algorithmNamed(QStringView(name).mid(dot + 1));
}

std::optional<Algorithm> algorithmOfLength(qsizetype hexDigits)
{
    for (const NamedAlgorithm &known : kNames) {
        if (QCryptographicHash::hashLength(known.algorithm) * 2 == hexDigits)
            return known.algorithm;
    }
    return std::nullopt;
}

bool isHex(QStringView text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F')))
            return false;
    }
    return !text.isEmpty();
}

// coreutils escapes a name holding '\' or a newline and marks the line with a leading '\'.
QString unescaped(QStringView name)
{
    QString result;
    result.reserve(name.size());
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (name[i] == u'\\' && i + 1 < name.size()) {
            ++i;
            result.append(name[i] == u'n' ? QChar(u'\n') : name[i]);
        } else {
            result.append(name[i]);
        }
    }
    return result;
}

struct Entry {
    QString name;
    QString hex;
    std::optional<Algorithm> algorithm;  // what a BSD line names; GNU lines leave it to the length
};

// One line as an entry, or the reason it is none.
std::variant<Entry, QString> readLine(QStringView line)
{
    static const QRegularExpression bsd(QStringLiteral(R"(^([A-Za-z0-9-]+) ?\((.*)\) ?= ?([0-9A-Fa-f]+)$)"));
    if (const QRegularExpressionMatch match = bsd.match(line); match.hasMatch()) {
        const std::optional<Algorithm> algorithm = algorithmNamed(match.capturedView(1));
        if (!algorithm)
            return QStringLiteral("unknown algorithm %1 (use SHA256, SHA512, SHA1 or MD5)").arg(match.capturedView(1));
        return Entry{match.captured(2), match.captured(3), algorithm};
    }
    const bool escaped = line.startsWith(u'\\');
    if (escaped)
        line = line.mid(1);
    const qsizetype space = line.indexOf(u' ');
    if (space <= 0 || !isHex(line.left(space)))
        return QStringLiteral("not a checksum line (expected \"HEX  name\" or \"SHA256 (name) = HEX\")");
    QStringView name = line.mid(space + 1);
    if (name.startsWith(u' ') || name.startsWith(u'*'))  // text or binary mode: the same bytes on Linux
        name = name.mid(1);
    if (name.isEmpty())
        return QStringLiteral("no file name after the checksum");
    return Entry{escaped ? unescaped(name) : name.toString(), line.left(space).toString(), std::nullopt};
}

// The spec of an entry, or why its digest cannot be one.
std::variant<ChecksumSpec, QString> specOf(const Entry &entry, std::optional<Algorithm> fileAlgorithm)
{
    const std::optional<Algorithm> byLength = algorithmOfLength(entry.hex.size());
    const std::optional<Algorithm> wanted = entry.algorithm ? entry.algorithm : fileAlgorithm ? fileAlgorithm : byLength;
    if (!wanted)
        return QStringLiteral("%1 hex digits fit no known checksum").arg(entry.hex.size());
    const ChecksumSpec spec{*wanted, {}};
    const qsizetype digits = QCryptographicHash::hashLength(*wanted) * 2;
    if (entry.hex.size() != digits)
        return QStringLiteral("%1 checksum needs %2 hex digits, got %3").arg(spec.algorithmName()).arg(digits).arg(entry.hex.size());
    return ChecksumSpec{*wanted, QByteArray::fromHex(entry.hex.toLatin1())};
}

// The name a download's file is matched by: the last path component ("./dist/x.iso" -> "x.iso").
QString leafOf(const QString &name)
{
    return name.mid(name.lastIndexOf(u'/') + 1);
}

} // namespace

bool ChecksumFile::isChecksumFileName(QStringView leaf)
{
    return algorithmOfFile(leaf).has_value();
}

ChecksumList ChecksumFile::parse(QStringView text, QStringView fileName)
{
    ChecksumList result;
    const std::optional<Algorithm> fileAlgorithm = algorithmOfFile(fileName);
    const auto reject = [&result](int number, QStringView line, const QString &reason) {
        if (result.badCount++ < kMaxBadRows)
            result.bad.append({number, SafeText::display(line.left(kMaxLineLength).toString(), 200), reason});
    };
    bool inSignature = false;
    bool inArmorHeader = false;
    int number = 0;
    for (QStringView line : text.tokenize(u'\n')) {
        ++number;
        if (line.endsWith(u'\r'))
            line.chop(1);
        // A clear-signed file: the armour header's "Hash:" lines, then the signed text, then the signature.
        if (line == u"-----BEGIN PGP SIGNED MESSAGE-----") {
            inArmorHeader = true;
            continue;
        }
        if (inArmorHeader) {
            inArmorHeader = !line.trimmed().isEmpty();
            continue;
        }
        if (line == u"-----BEGIN PGP SIGNATURE-----")
            inSignature = true;
        if (inSignature) {
            inSignature = line != u"-----END PGP SIGNATURE-----";
            continue;
        }
        if (line.size() > kMaxLineLength) {
            reject(number, line, QStringLiteral("line longer than %1 characters").arg(kMaxLineLength));
            continue;
        }
        const QStringView trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u'#'))
            continue;
        if (result.byName.size() >= kMaxEntries) {
            reject(number, trimmed, QStringLiteral("too many entries (limit %1); the rest are ignored").arg(kMaxEntries));
            break;
        }
        const std::variant<Entry, QString> read = readLine(line.startsWith(u'\\') ? line : trimmed);
        if (const QString *problem = std::get_if<QString>(&read)) {
            reject(number, trimmed, *problem);
            continue;
        }
        const Entry &entry = std::get<Entry>(read);
        const std::variant<ChecksumSpec, QString> spec = specOf(entry, fileAlgorithm);
        if (const QString *problem = std::get_if<QString>(&spec)) {
            reject(number, trimmed, *problem);
            continue;
        }
        const QString leaf = leafOf(entry.name);
        if (leaf.isEmpty() || leaf == u"." || leaf == u"..") {
            reject(number, trimmed, QStringLiteral("names a folder, not a file"));
            continue;
        }
        const auto known = result.byName.constFind(leaf);
        if (known != result.byName.constEnd() && *known != std::get<ChecksumSpec>(spec)) {
            reject(number, trimmed, QStringLiteral("%1 is listed earlier with another checksum; the first is kept").arg(leaf));
            continue;
        }
        result.byName.insert(leaf, std::get<ChecksumSpec>(spec));
    }
    return result;
}
