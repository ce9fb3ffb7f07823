#include "faultbody.h"

namespace {

// splitmix64: a cheap, well-mixed hash so that every 8-byte word depends on (seed, word index).
quint64 mix(quint64 x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

quint64 word(quint64 index, quint32 seed)
{
    return mix(index ^ (quint64(seed) << 40) ^ (quint64(seed) >> 24));
}

} // namespace

namespace FaultBody {

QByteArray generate(qint64 offset, qint64 length, quint32 seed)
{
    if (offset < 0 || length <= 0)
        return {};
    QByteArray out(length, Qt::Uninitialized);
    char *dst = out.data();
    qint64 pos = offset;
    const qint64 end = offset + length;
    while (pos < end) {
        const quint64 w = word(quint64(pos) / 8, seed);
        const int first = int(pos % 8);
        const int last = int(qMin<qint64>(8, first + (end - pos)));
        for (int i = first; i < last; ++i)
            *dst++ = char((w >> (8 * i)) & 0xFF);
        pos += last - first;
    }
    return out;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return QByteArrayLiteral("Continue");
    case 200: return QByteArrayLiteral("OK");
    case 201: return QByteArrayLiteral("Created");
    case 204: return QByteArrayLiteral("No Content");
    case 206: return QByteArrayLiteral("Partial Content");
    case 301: return QByteArrayLiteral("Moved Permanently");
    case 302: return QByteArrayLiteral("Found");
    case 303: return QByteArrayLiteral("See Other");
    case 304: return QByteArrayLiteral("Not Modified");
    case 307: return QByteArrayLiteral("Temporary Redirect");
    case 308: return QByteArrayLiteral("Permanent Redirect");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 410: return QByteArrayLiteral("Gone");
    case 412: return QByteArrayLiteral("Precondition Failed");
    case 416: return QByteArrayLiteral("Range Not Satisfiable");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 504: return QByteArrayLiteral("Gateway Timeout");
    default: return QByteArrayLiteral("Unknown");
    }
}

} // namespace FaultBody
