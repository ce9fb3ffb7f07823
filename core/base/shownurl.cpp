#include "base/shownurl.h"

#include <QRegularExpression>

QString ShownUrl::of(const QUrl &url, QUrl::FormattingOptions options)
{
    if (url.password().isEmpty())
        return url.toString(options);
    QUrl shown = url;
    shown.setPassword(kHidden.toString());
    return shown.toString(options);
}

QString ShownUrl::redacted(const QString &text)
{
    // scheme "://" user ":" password "@": the password runs to the last '@' before the path, as
    // a raw '@' in a password is common in hand-written URLs.
    static const QRegularExpression userInfo(QStringLiteral(R"(([A-Za-z][A-Za-z0-9+.\-]*://[^\s/?#@:]*):[^\s/?#]*@)"));
    if (!text.contains(u'@'))
        return text;
    QString result = text;
    result.replace(userInfo, QStringLiteral("\\1:***@"));
    return result;
}
