#include "faultfetch.h"

#include <QNetworkAccessManager>
#include <QTcpSocket>
#include <QTest>

namespace FaultFetch {

QNetworkRequest request(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept-Encoding", "identity");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    return request;
}

// Reads as the data arrives so that bytes received before an error are kept too.
FetchResult get(QNetworkAccessManager &nam, const QNetworkRequest &request, int timeoutMs)
{
    FetchResult f;
    f.reply.reset(nam.get(request));
    QNetworkReply *reply = f.reply.get();
    const QMetaObject::Connection reading = QObject::connect(reply, &QNetworkReply::readyRead, reply,
                                                             [&f, reply] { f.body += reply->readAll(); });
    f.finished = QTest::qWaitFor([reply] { return reply->isFinished(); }, timeoutMs);
    if (reply->isOpen())
        f.body += reply->readAll();
    QObject::disconnect(reading);
    if (!f.finished)
        reply->abort();
    f.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    f.error = reply->error();
    f.url = reply->url();
    return f;
}

QByteArray raw(quint16 port, const QByteArray &bytes, int timeoutMs)
{
    QTcpSocket socket;
    QByteArray received;
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    socket.write(bytes);
    if (!QTest::qWaitFor([&socket] { return socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs))
        socket.abort();
    return received + socket.readAll();
}

} // namespace FaultFetch
