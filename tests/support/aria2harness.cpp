#include "aria2harness.h"

#include <QTest>

Aria2Harness::Aria2Harness(DownloadSettings settings) : m_engine(std::move(settings)), m_aria2(m_engine.manager())
{
    m_aria2.addTo(m_table);
}

RpcAnswer Aria2Harness::call(const QString &method, const QJsonArray &params)
{
    const RpcMethods::Handler *handler = m_table.find(method);
    if (!handler)
        return RpcAnswer::error(QStringLiteral("No such method: ") + method, RpcAnswer::kMethodNotFound);
    return (*handler)(params);
}

QString Aria2Harness::addUri(const QString &uri, const QJsonObject &options)
{
    const RpcAnswer answer = call(QStringLiteral("aria2.addUri"), QJsonArray{QJsonArray{uri}, options});
    if (answer.isError()) {
        qWarning("addUri refused: %s", qPrintable(answer.errorMessage));
        return {};
    }
    return answer.result.toString();
}

QJsonObject Aria2Harness::status(const QString &gid, const QStringList &keys)
{
    const RpcAnswer answer = call(QStringLiteral("aria2.tellStatus"), QJsonArray{gid, QJsonArray::fromStringList(keys)});
    if (answer.isError())
        qWarning("tellStatus %s: %s", qPrintable(gid), qPrintable(answer.errorMessage));
    return answer.result.toObject();
}

bool Aria2Harness::waitStatus(const QString &gid, const QString &status, int timeoutMs)
{
    return QTest::qWaitFor([&] { return statusName(gid) == status; }, timeoutMs);
}
