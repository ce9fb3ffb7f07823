#include "net/netscapecookies.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cerrno>
#include <sys/stat.h>
#include <optional>

namespace {

// curl marks cookies the browser hides from scripts this way; the line is a cookie, not a comment.
constexpr QByteArrayView kHttpOnlyPrefix("#HttpOnly_");
// Far enough: beyond it QDateTime has no valid date, and an invalid date would mean "session".
constexpr qint64 kLastExpiry = 253402300799;  // 9999-12-31T23:59:59Z

std::optional<bool> flag(QByteArrayView field)
{
    if (field.compare("TRUE", Qt::CaseInsensitive) == 0)
        return true;
    if (field.compare("FALSE", Qt::CaseInsensitive) == 0)
        return false;
    return std::nullopt;
}

// A control character, or ';' in a name, would split or corrupt the Cookie header it goes into.
bool safeForHeader(QByteArrayView text, bool isName)
{
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == ';' || (isName && (c == '=' || c == ' ')))
            return false;
    }
    return true;
}

struct LineVerdict {
    std::optional<QNetworkCookie> cookie;
    QString problem;  // empty with a cookie, or for an expired one
    bool expired = false;
};

LineVerdict parseLine(QByteArrayView line, const QDateTime &now)
{
    const auto bad = [](const QString &why) { return LineVerdict{std::nullopt, why, false}; };
    bool httpOnly = false;
    if (line.startsWith(kHttpOnlyPrefix)) {
        httpOnly = true;
        line = line.sliced(kHttpOnlyPrefix.size());
    }
    const QList<QByteArray> fields = line.toByteArray().split('\t');
    if (fields.size() != 7)
        return bad(QStringLiteral("expected 7 tab-separated fields, found %1").arg(fields.size()));
    QByteArray domain = fields.at(0).trimmed().toLower();
    if (domain.startsWith('.'))
        domain.remove(0, 1);
    if (domain.isEmpty() || domain.contains('/') || domain.contains(' ') || !safeForHeader(domain, true))
        return bad(QStringLiteral("the domain is empty or not a host name"));
    const std::optional<bool> subdomains = flag(fields.at(1).trimmed());
    const std::optional<bool> secure = flag(fields.at(3).trimmed());
    if (!subdomains || !secure)
        return bad(QStringLiteral("the second and fourth fields must be TRUE or FALSE"));
    QByteArray path = fields.at(2).trimmed();
    if (path.isEmpty())
        path = "/";
    if (!path.startsWith('/') || !safeForHeader(path, false))
        return bad(QStringLiteral("the path must start with /"));
    bool ok = false;
    const qint64 expiry = fields.at(4).trimmed().toLongLong(&ok);
    if (!ok || expiry < 0)
        return bad(QStringLiteral("the expiry must be seconds since 1970 (0 for a session cookie)"));
    const QByteArray &name = fields.at(5);
    const QByteArray &value = fields.at(6);
    if (name.isEmpty() || !safeForHeader(name, true) || !safeForHeader(value, false))
        return bad(QStringLiteral("the name is empty, or the name or value holds characters a header cannot carry"));

    QNetworkCookie cookie(name, value);
    // Qt's jar sends a domain without a leading dot to that host only, one with it to subdomains too.
    if (*subdomains)
        domain.prepend('.');
    cookie.setDomain(QString::fromLatin1(domain));
    cookie.setPath(QString::fromUtf8(path));
    cookie.setSecure(*secure);
    cookie.setHttpOnly(httpOnly);
    if (expiry > 0) {
        const QDateTime expires = QDateTime::fromSecsSinceEpoch(std::min(expiry, kLastExpiry), Qt::UTC);
        if (expires <= now)
            return LineVerdict{std::nullopt, {}, true};
        cookie.setExpirationDate(expires);
    }
    return LineVerdict{cookie, {}, false};
}

} // namespace

NetscapeCookies::Parsed NetscapeCookies::parse(QByteArrayView text, const QDateTime &now)
{
    Parsed parsed;
    int number = 0;
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        QByteArrayView line = text.sliced(start, end - start);
        start = end + 1;
        ++number;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty() || (line.startsWith('#') && !line.startsWith(kHttpOnlyPrefix)))
            continue;
        const LineVerdict verdict = parseLine(line, now);
        if (verdict.cookie) {
            parsed.cookies.append(*verdict.cookie);
        } else if (verdict.expired) {
            ++parsed.expired;
        } else {
            ++parsed.malformed;
            if (parsed.problems.size() < kMaxProblemsKept)
                parsed.problems.append(QStringLiteral("line %1: %2").arg(number).arg(verdict.problem));
        }
    }
    return parsed;
}

Result<NetscapeCookies::Parsed> NetscapeCookies::load(const QString &path, const QDateTime &now)
{
    QFile file(path);
    if (!QFileInfo(path).isFile())
        return Result<Parsed>::invalid(QStringLiteral("Cannot read the cookies file %1: it does not exist or is not a file").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return Result<Parsed>::invalid(QStringLiteral("Cannot read the cookies file %1: %2").arg(path, file.errorString()));
    if (file.size() > kMaxFileSize)
        return Result<Parsed>::invalid(QStringLiteral("The cookies file %1 is larger than %2 MiB; it is not a cookies file")
                                           .arg(path).arg(kMaxFileSize / (1024 * 1024)));
    const QByteArray text = file.read(kMaxFileSize + 1);
    if (file.error() != QFileDevice::NoError)
        return Result<Parsed>::invalid(QStringLiteral("Cannot read the cookies file %1: %2").arg(path, file.errorString()));
    Parsed parsed = parse(text, now);
    if (!parsed.cookies.isEmpty())
        return parsed;
    QString why = QStringLiteral("The cookies file %1 holds no usable cookie").arg(path);
    if (parsed.expired > 0)
        why += QStringLiteral("; %1 expired").arg(parsed.expired);
    if (!parsed.problems.isEmpty())
        why += QStringLiteral("; %1 malformed (%2)").arg(parsed.malformed).arg(parsed.problems.first());
    return Result<Parsed>::invalid(why);
}

QByteArray NetscapeCookies::format(const QList<QNetworkCookie> &cookies)
{
    QByteArray text("# Netscape HTTP Cookie File\n# Written by Gather; the format curl, wget and aria2 read.\n\n");
    for (const QNetworkCookie &cookie : cookies) {
        const QByteArray domain = cookie.domain().toLatin1();
        const QByteArray path = cookie.path().isEmpty() ? QByteArray("/") : cookie.path().toUtf8();
        const auto fits = [](QByteArrayView field) { return !field.contains('\t') && !field.contains('\n') && !field.contains('\r'); };
        if (domain.isEmpty() || cookie.name().isEmpty() || !fits(domain) || !fits(path) || !fits(cookie.name()) || !fits(cookie.value()))
            continue;
        const bool subdomains = domain.startsWith('.');
        const qint64 expiry = cookie.isSessionCookie() ? 0 : cookie.expirationDate().toSecsSinceEpoch();
        if (cookie.isHttpOnly())
            text += kHttpOnlyPrefix.toByteArray();
        text += domain + '\t' + (subdomains ? "TRUE" : "FALSE") + '\t' + path + '\t' + (cookie.isSecure() ? "TRUE" : "FALSE")
            + '\t' + QByteArray::number(expiry) + '\t' + cookie.name() + '\t' + cookie.value() + '\n';
    }
    return text;
}

Result<void> NetscapeCookies::save(const QString &path, const QList<QNetworkCookie> &cookies)
{
    const auto failed = [&path](const QString &why) {
        return Result<void>::invalid(QStringLiteral("Cannot write the cookies file %1: %2").arg(path, why));
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(file.errorString());
    // Before any byte: the temporary file must never be readable by others, not even for a moment.
    // On its descriptor: the temporary file being written is what must be private, whatever
    // mode an old file under the final name had.
    if (::fchmod(file.handle(), S_IRUSR | S_IWUSR) != 0)
        return failed(qt_error_string(errno));
    const QByteArray text = format(cookies);
    if (file.write(text) != text.size())
        return failed(file.errorString());
    if (!file.commit())
        return failed(file.errorString());
    return {};
}
