// Links in dropped HTML and CSV cells.
#include "fuzztarget.h"
#include "intake/csvlinks.h"
#include "intake/htmllinks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzzBytes(data, size));
    (void)HtmlLinks::extract(text);
    (void)HtmlLinks::decodeEntities(text);
    (void)CsvLinks::toUrlLines(text);
    return 0;
}
