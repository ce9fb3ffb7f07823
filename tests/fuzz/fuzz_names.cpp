// Content-Disposition and file names: a server's header value must always become one safe leaf.
#include "fuzztarget.h"
#include "net/contentdisposition.h"
#include "net/filenames.h"

#include <QUrl>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray value = fuzzBytes(data, size);
    (void)ContentDisposition::parse(value);
    const QString name = FileNames::choose(QString(), value, QUrl(QString::fromUtf8(value)), QString::fromLatin1(value.left(40)));
    if (name.isEmpty() || name.contains(u'/') || name == u"." || name == u"..")
        __builtin_trap();  // the promise: never a path, never empty
    (void)FileNames::sanitize(QString::fromUtf8(value));
    return 0;
}
