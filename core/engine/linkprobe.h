#pragma once

#include "base/downloaderror.h"
#include "base/downloadsettings.h"
#include "engine/linkcheck.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>

class HttpAttempt;
class NetworkPool;
struct AttemptResult;
struct ResponseInfo;

// Asks a link what file it serves with one small ranged GET (the first byte) through the
// engine's network pool and rules (HttpAttempt: identity encoding, timeouts, redirects, proxy,
// cookies, the download's own headers), and stops reading once the answer's head is judged.
// Emits answered() or failed() once, never from inside start(). GUI thread; one per check.
class LinkProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkProbe)

public:
    LinkProbe(NetworkPool *network, const DownloadSettings &settings, QUrl url,
              QList<QPair<QByteArray, QByteArray>> headers, QObject *parent = nullptr);
    ~LinkProbe() override;

    void start();

Q_SIGNALS:
    // finalUrl is where redirects led.
    void answered(const LinkFacts &facts, const QUrl &finalUrl);
    void failed(const DownloadError &error);

private:
    void onResponse(const ResponseInfo &info);
    void onFinished(const AttemptResult &result);

    NetworkPool *m_network;
    DownloadSettings m_settings;
    QUrl m_url;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    HttpAttempt *m_attempt = nullptr;
    LinkFacts m_facts;
    QUrl m_finalUrl;
    bool m_answered = false;
};
