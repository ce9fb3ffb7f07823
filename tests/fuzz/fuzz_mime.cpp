// Dropped MIME data: the first byte picks the format, the rest is its content.
#include "fuzztarget.h"
#include "intake/mimeurls.h"

#include <QMimeData>

#include <array>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const std::array<QString, 5> kFormats{QStringLiteral("text/uri-list"), QStringLiteral("text/x-moz-url"),
                                                 QStringLiteral("text/html"), QStringLiteral("text/plain"),
                                                 QStringLiteral("text/plain;charset=utf-8")};
    if (size == 0)
        return 0;
    QMimeData mime;
    mime.setData(kFormats[data[0] % kFormats.size()], fuzzBytes(data + 1, size - 1));
    if (MimeUrls::canAccept(mime))
        (void)MimeUrls::extract(mime);
    return 0;
}
