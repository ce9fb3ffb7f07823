#include "faultstate.h"

#include <QMutexLocker>

FaultState::FaultState()
{
    m_clock.start();
    m_default.status = 404;
    m_default.body = QByteArrayLiteral("Not Found\n");
}

void FaultState::setResponses(const QString &pattern, const QList<FaultResponse> &sequence)
{
    const QMutexLocker locker(&m_mutex);
    const QString key = decodedPath(pattern.toUtf8());
    if (sequence.isEmpty()) {
        m_routes.remove(key);
        return;
    }
    m_routes.insert(key, Route{sequence, 0});
}

void FaultState::setDefaultResponse(const FaultResponse &response)
{
    const QMutexLocker locker(&m_mutex);
    m_default = response;
}

qint64 FaultState::beginRequest(RecordedRequest request, FaultResponse *response)
{
    const QString path = decodedPath(request.path);
    const QMutexLocker locker(&m_mutex);
    Route *best = nullptr;
    qsizetype bestLength = -1;
    for (auto it = m_routes.begin(); it != m_routes.end(); ++it) {
        if (!matches(it.key(), path))
            continue;
        // An exact route beats every prefix; among prefixes the longest wins.
        const qsizetype length = it.key().endsWith(u'*') ? it.key().size() : 1 << 30;
        if (length > bestLength) {
            best = &it.value();
            bestLength = length;
        }
    }
    if (best) {
        *response = best->sequence.at(qMin<qsizetype>(best->served, best->sequence.size() - 1));
        ++best->served;
    } else {
        *response = m_default;
    }
    request.startedMs = m_clock.elapsed();
    m_records.append(std::move(request));
    m_maxInFlight = qMax(m_maxInFlight, ++m_inFlight);
    return m_recordBase + m_records.size() - 1;
}

void FaultState::noteProgress(qint64 serial, int status, qint64 bodyBytesSent)
{
    const QMutexLocker locker(&m_mutex);
    if (RecordedRequest *r = recordLocked(serial)) {
        r->status = status;
        r->bodyBytesSent = bodyBytesSent;
    }
}

void FaultState::finishRequest(qint64 serial)
{
    const QMutexLocker locker(&m_mutex);
    --m_inFlight;
    if (RecordedRequest *r = recordLocked(serial))
        r->finishedMs = m_clock.elapsed();
}

int FaultState::newConnection()
{
    const QMutexLocker locker(&m_mutex);
    ++m_connections;
    return ++m_connectionSerial;
}

qint64 FaultState::elapsedMs() const
{
    const QMutexLocker locker(&m_mutex);
    return m_clock.elapsed();
}

QList<RecordedRequest> FaultState::requests(const QString *pattern) const
{
    const QMutexLocker locker(&m_mutex);
    if (!pattern)
        return m_records;
    const QString key = decodedPath(pattern->toUtf8());
    QList<RecordedRequest> result;
    for (const RecordedRequest &r : m_records) {
        if (matches(key, decodedPath(r.path)))
            result.append(r);
    }
    return result;
}

int FaultState::maxConcurrentRequests() const
{
    const QMutexLocker locker(&m_mutex);
    return m_maxInFlight;
}

int FaultState::connectionCount() const
{
    const QMutexLocker locker(&m_mutex);
    return m_connections;
}

void FaultState::clearRecords()
{
    const QMutexLocker locker(&m_mutex);
    m_recordBase += m_records.size();
    m_records.clear();
    m_maxInFlight = m_inFlight;
    m_connections = 0;
}

bool FaultState::matches(const QString &pattern, const QString &path)
{
    if (pattern.endsWith(u'*'))
        return path.startsWith(QStringView(pattern).chopped(1));
    return path == pattern;
}

QString FaultState::decodedPath(const QByteArray &path)
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(path));
}

RecordedRequest *FaultState::recordLocked(qint64 serial)
{
    const qint64 index = serial - m_recordBase;
    if (index < 0 || index >= m_records.size())
        return nullptr;
    return &m_records[index];
}
