#include "rpc/rpchttphead.h"

namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// Visible ASCII, spaces, tabs and obs-text; no other control characters (NUL, bare CR).
bool isFieldValue(QByteArrayView text)
{
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

} // namespace

std::optional<RpcHttpHead> RpcHttpHead::parse(QByteArrayView head)
{
    RpcHttpHead result;
    const QList<QByteArray> lines = head.toByteArray().split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (!line.endsWith('\r') && i + 1 < lines.size())
            return std::nullopt;  // a bare LF
        if (line.endsWith('\r'))
            line.chop(1);
        if (i == 0) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty()
                || !isFieldValue(parts.at(1)) || parts.at(1).contains('\t')
                || !parts.at(2).startsWith("HTTP/"))
                return std::nullopt;
            result.method = parts.at(0);
            result.target = parts.at(1);
            result.version = parts.at(2);
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return std::nullopt;  // also a folded line, which starts with a space
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (!isFieldValue(value))
            return std::nullopt;
        result.fields.append({line.left(colon).toLower(), value});
    }
    if (result.method.isEmpty())
        return std::nullopt;
    return result;
}

QByteArray RpcHttpHead::value(QByteArrayView name) const
{
    for (const auto &field : fields) {
        if (field.first == name)
            return field.second;
    }
    return {};
}

int RpcHttpHead::count(QByteArrayView name) const
{
    int n = 0;
    for (const auto &field : fields)
        n += field.first == name ? 1 : 0;
    return n;
}

QByteArray RpcHttpHead::path() const
{
    qsizetype end = target.size();
    for (const char stop : {'?', '#'}) {
        const qsizetype at = target.indexOf(stop);
        if (at >= 0 && at < end)
            end = at;
    }
    return target.left(end);
}

bool RpcHttpHead::hasToken(QByteArrayView name, QByteArrayView token) const
{
    for (const auto &field : fields) {
        if (field.first != name)
            continue;
        for (const QByteArray &part : field.second.split(',')) {
            if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}
