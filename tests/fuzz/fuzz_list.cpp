// The URL list parser with aria2 options, as a list file is read: bytes decoded by the one rule.
#include "fuzztarget.h"
#include "intake/textfilereader.h"
#include "intake/urllistparser.h"

#include <QDir>

#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Result<QString> text = TextFileReader::decode(fuzzBytes(data, size));
    if (!text)
        return 0;
    const ParsedUrlList parsed = UrlListParser::parse(text.value(), 1000);
    for (const UrlEntry &entry : parsed.entries) {
        const QString scheme = entry.url.scheme();
        if (scheme != u"http" && scheme != u"https") {
            std::fprintf(stderr, "not http(s): %s\n", qPrintable(entry.url.toString()));
            __builtin_trap();  // only http and https ever reach the engine
        }
        // A list's dir never leaves the folder it is read into.
        const QString folder = entry.folderIn(QStringLiteral("/base/folder"));
        if (folder != u"/base/folder" && !folder.startsWith(u"/base/folder/")) {
            std::fprintf(stderr, "dir %s left the folder: %s\n", qPrintable(entry.dir), qPrintable(folder));
            __builtin_trap();
        }
    }
    return 0;
}
