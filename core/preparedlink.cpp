#include "preparedlink.h"

#include "linkscanner.h"
#include "plainurlparser.h"

#include <QHash>

void PreparedLink::prepare(QStringView candidate, int lineNo, qsizetype maxUrlLength, size_t seed, PlainUrlParser &plain)
{
    line = lineNo;
    text = candidate;
    if (!plain.parse(candidate, maxUrlLength, &url)) {
        problem = LinkScanner::check(candidate, maxUrlLength, &url);
        if (!problem.isEmpty())
            return;
    }
    if (!LinkScanner::isOwnDuplicateKey(candidate))
        formattedKey = LinkScanner::duplicateKey(url);
    Q_ASSERT(key() == LinkScanner::duplicateKey(url));
    keyHash = qHash(key(), seed);
}
