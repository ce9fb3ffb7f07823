#include "engine/linkcheck.h"

#include "base/humanformat.h"
#include "net/httprules.h"

bool LinkFacts::hasValidator() const
{
    return HttpRules::isStrongEtag(etag) || !lastModified.isEmpty();
}

LinkCheck LinkCheck::compare(const QUrl &url, const LinkFacts &here, const LinkFacts &there)
{
    LinkCheck check;
    check.url = url;
    check.here = here;
    check.there = there;
    check.verdict = Verdict::Differs;

    const bool sizesKnown = here.total >= 0 && there.total >= 0;
    const bool sizesDiffer = sizesKnown && here.total != there.total;
    if (sizesDiffer) {
        check.differences.append(QStringLiteral("size %1 here, %2 at the new link")
                                     .arg(HumanFormat::bytes(here.total), HumanFormat::bytes(there.total)));
    } else if (here.total < 0) {
        check.differences.append(QStringLiteral("the size here is unknown"));
    } else if (there.total < 0) {
        check.differences.append(QStringLiteral("the new link does not say its size"));
    }

    bool proven = false;
    if (!here.etag.isEmpty() && !there.etag.isEmpty()) {
        if (here.etag != there.etag)
            check.differences.append(QStringLiteral("ETag changed"));
        else if (!HttpRules::isStrongEtag(there.etag))
            check.differences.append(QStringLiteral("the ETag is weak (W/), which does not prove the same bytes"));
        else
            proven = true;
    }
    if (!here.lastModified.isEmpty() && !there.lastModified.isEmpty()) {
        if (here.lastModified != there.lastModified) {
            check.differences.append(QStringLiteral("Last-Modified changed (%1 here, %2 at the new link)")
                                         .arg(QString::fromLatin1(here.lastModified), QString::fromLatin1(there.lastModified)));
        } else {
            proven = true;
        }
    }
    if (check.differences.isEmpty() && !proven)
        check.differences.append(QStringLiteral("no ETag or Last-Modified on both sides proves it is the same file"));

    if (check.differences.isEmpty()) {
        check.verdict = Verdict::Same;
        check.keepAllowed = true;
        return check;
    }
    // Bytes kept are continued only against the new link's validator and a size (ours, when it
    // gives none): the rule every resume follows.
    if (sizesDiffer)
        check.keepRefusal = QStringLiteral("the sizes differ, so the bytes kept belong to another file");
    else if (!there.hasValidator())
        check.keepRefusal = QStringLiteral("the new link names no strong ETag or Last-Modified to continue against");
    else if (here.total < 0 && there.total < 0)
        check.keepRefusal = QStringLiteral("neither side says the file's size");
    check.keepAllowed = check.keepRefusal.isEmpty();
    return check;
}

LinkCheck LinkCheck::failed(const QUrl &url, const LinkFacts &here, const DownloadError &error)
{
    LinkCheck check;
    check.url = url;
    check.here = here;
    check.error = error;
    return check;
}

QString LinkCheck::summary() const
{
    switch (verdict) {
    case Verdict::Same:
        return QStringLiteral("The new link serves the same file");
    case Verdict::Differs:
        return QStringLiteral("The new link may serve another file: %1").arg(differences.join(QStringLiteral("; ")));
    case Verdict::Failed:
        return QStringLiteral("The new link could not be checked: %1").arg(error.message);
    }
    return {};
}
