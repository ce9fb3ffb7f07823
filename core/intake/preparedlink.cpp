#include "intake/preparedlink.h"

#include "base/urlkey.h"
#include "intake/linkscanner.h"
#include "intake/plainurlparser.h"

#include <QHash>

void PreparedLink::prepare(QStringView candidate, int lineNo, qsizetype maxUrlLength, size_t seed, PlainUrlParser &plain)
{
    line = lineNo;
    text = candidate;
    if (std::optional<QUrl> fast = plain.parse(candidate, maxUrlLength)) {
        url = std::move(*fast);
    } else {
        Result<QUrl> checked = LinkScanner::check(candidate, maxUrlLength);
        if (!checked) {
            problem = checked.problem();
            return;
        }
        url = std::move(checked).value();
    }
    if (!UrlKey::isOwnKey(candidate))
        formattedKey = UrlKey::of(url);
    Q_ASSERT(key() == UrlKey::of(url));
    keyHash = qHash(key(), seed);
}
