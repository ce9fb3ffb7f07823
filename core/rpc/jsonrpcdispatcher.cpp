#include "rpc/jsonrpcdispatcher.h"

#include "rpc/rpcmethods.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLoggingCategory>

#include <exception>

namespace {

Q_LOGGING_CATEGORY(lcRpc, "gather.rpc")

const QString kMulticall = QStringLiteral("system.multicall");
const QString kListMethods = QStringLiteral("system.listMethods");
const QString kListNotifications = QStringLiteral("system.listNotifications");

QJsonObject errorObject(int code, const QString &message)
{
    return QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
}

QJsonObject response(const QJsonValue &id, const RpcAnswer &answer)
{
    QJsonObject object{{QStringLiteral("id"), id}, {QStringLiteral("jsonrpc"), QStringLiteral("2.0")}};
    if (answer.isError())
        object.insert(QStringLiteral("error"), errorObject(answer.errorCode, answer.errorMessage));
    else
        object.insert(QStringLiteral("result"), answer.result.isUndefined() ? QJsonValue() : answer.result);
    return object;
}

// aria2 (HttpServerBodyCommand::sendJsonRpcResponse) answers a single failed call with an HTTP
// error status; a batch is always 200.
int httpStatusFor(const QJsonObject &single)
{
    if (!single.contains(QStringLiteral("error")))
        return 200;
    switch (single.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toInt()) {
    case RpcAnswer::kAria2Error:
    case RpcAnswer::kInvalidRequest:
        return 400;
    case RpcAnswer::kMethodNotFound:
        return 404;
    default:
        return 500;
    }
}

QByteArray compact(const QJsonDocument &document)
{
    return document.toJson(QJsonDocument::Compact);
}

} // namespace

JsonRpcDispatcher::JsonRpcDispatcher(const RpcMethods &methods, const QString &secret)
    : m_methods(methods), m_secret(secret)
{
}

bool JsonRpcDispatcher::sameSecret(const QString &given, const QString &expected)
{
    // Hashing first makes both sides the same length, so the loop below runs the same number of
    // steps whatever was given (aria2 compares HMACs for the same reason).
    const QByteArray a = QCryptographicHash::hash(given.toUtf8(), QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(expected.toUtf8(), QCryptographicHash::Sha256);
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

bool JsonRpcDispatcher::nestedDeeperThan(const QByteArray &json, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : json) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth)
                return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

JsonRpcDispatcher::Reply JsonRpcDispatcher::dispatch(const QByteArray &body) const
{
    Reply reply;
    const auto single = [&reply](const QJsonObject &object) {
        reply.body = compact(QJsonDocument(object));
        reply.httpStatus = httpStatusFor(object);
    };
    if (nestedDeeperThan(body, kMaxDepth)) {
        single(response(QJsonValue(), RpcAnswer::error(
            QStringLiteral("Parse error: nested deeper than %1 levels.").arg(kMaxDepth),
            RpcAnswer::kParseError)));
        return reply;
    }
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        single(response(QJsonValue(), RpcAnswer::error(QStringLiteral("Parse error."), RpcAnswer::kParseError)));
        return reply;
    }
    if (document.isObject()) {
        if (const auto answer = call(document.object(), &reply.unauthorized))
            single(*answer);
        else
            reply.httpStatus = 204;
        return reply;
    }
    const QJsonArray batch = document.array();
    if (batch.isEmpty() || batch.size() > kMaxCalls) {
        const QString why = batch.isEmpty()
            ? QStringLiteral("Invalid Request.")
            : QStringLiteral("Invalid Request: a batch holds at most %1 calls.").arg(kMaxCalls);
        single(response(QJsonValue(), RpcAnswer::error(why, RpcAnswer::kInvalidRequest)));
        return reply;
    }
    QJsonArray answers;
    for (const QJsonValue &request : batch) {
        if (const auto answer = call(request, &reply.unauthorized))
            answers.append(*answer);
    }
    if (answers.isEmpty())
        reply.httpStatus = 204;
    else
        reply.body = compact(QJsonDocument(answers));
    return reply;
}

std::optional<QJsonObject> JsonRpcDispatcher::call(const QJsonValue &request, bool *unauthorized) const
{
    const auto invalid = [](const QJsonValue &id) {
        return response(id, RpcAnswer::error(QStringLiteral("Invalid Request."), RpcAnswer::kInvalidRequest));
    };
    if (!request.isObject())
        return invalid(QJsonValue());
    const QJsonObject object = request.toObject();
    // JSON-RPC 2.0: a call without "id" is a notification and gets no answer (aria2 itself
    // refuses it as an invalid request); any JSON value is taken as an id, as aria2 does.
    const bool notification = !object.contains(QStringLiteral("id"));
    const QJsonValue id = object.value(QStringLiteral("id"));
    const QJsonValue method = object.value(QStringLiteral("method"));
    if (!method.isString())
        return invalid(id);
    QJsonArray params;
    if (object.contains(QStringLiteral("params"))) {
        const QJsonValue value = object.value(QStringLiteral("params"));
        if (!value.isArray()) {
            if (notification)
                return std::nullopt;
            return response(id, RpcAnswer::error(QStringLiteral("Invalid params."), RpcAnswer::kInvalidParams));
        }
        params = value.toArray();
    }
    const RpcAnswer answer = run(method.toString(), params, unauthorized);
    if (notification)
        return std::nullopt;
    return response(id, answer);
}

bool JsonRpcDispatcher::authorize(QJsonArray *params) const
{
    // As aria2's RpcMethod::authorize: a first parameter "token:..." is always taken off, so
    // handlers never see it, whether or not a secret is set.
    QString token;
    bool given = false;
    if (!params->isEmpty() && params->at(0).isString()) {
        const QString first = params->at(0).toString();
        if (first.startsWith(QLatin1String("token:"))) {
            token = first.mid(6);
            given = true;
            params->removeFirst();
        }
    }
    if (m_secret.isEmpty())
        return true;
    return given && sameSecret(token, m_secret);
}

RpcAnswer JsonRpcDispatcher::run(const QString &method, QJsonArray params, bool *unauthorized) const
{
    if (method == kListMethods) {
        QJsonArray names = QJsonArray::fromStringList(m_methods.names());
        for (const QString &own : {kMulticall, kListMethods, kListNotifications}) {
            if (!m_methods.names().contains(own))
                names.append(own);
        }
        return RpcAnswer::ok(names);
    }
    if (method == kListNotifications)
        return RpcAnswer::ok(QJsonArray::fromStringList(m_methods.notifications()));
    // aria2 checks no token for system.multicall itself: each call inside carries its own.
    if (method == kMulticall)
        return multicall(params, unauthorized);
    if (!authorize(&params)) {
        *unauthorized = true;
        return RpcAnswer::error(QStringLiteral("Unauthorized"));
    }
    const RpcMethods::Handler *handler = m_methods.find(method);
    if (!handler)
        return RpcAnswer::error(QStringLiteral("No such method: %1").arg(method));
    try {
        return (*handler)(params);
    } catch (const std::exception &e) {
        qCWarning(lcRpc, "%ls threw: %s", qUtf16Printable(method), e.what());
    } catch (...) {
        qCWarning(lcRpc, "%ls threw", qUtf16Printable(method));
    }
    return RpcAnswer::error(QStringLiteral("Internal error."), RpcAnswer::kInternalError);
}

RpcAnswer JsonRpcDispatcher::multicall(const QJsonArray &params, bool *unauthorized) const
{
    // Shapes and messages from aria2's SystemMulticallRpcMethod::execute.
    if (params.isEmpty())
        return RpcAnswer::error(QStringLiteral("The parameter at 0 is required but missing."));
    if (!params.at(0).isArray())
        return RpcAnswer::error(QStringLiteral("The parameter at 0 has wrong type."));
    const QJsonArray calls = params.at(0).toArray();
    if (calls.size() > kMaxCalls)
        return RpcAnswer::error(QStringLiteral("system.multicall holds at most %1 calls.").arg(kMaxCalls));
    QJsonArray results;
    for (const QJsonValue &spec : calls) {
        if (!spec.isObject()) {
            results.append(errorObject(RpcAnswer::kAria2Error, QStringLiteral("system.multicall expected struct.")));
            continue;
        }
        const QJsonValue name = spec.toObject().value(QStringLiteral("methodName"));
        if (!name.isString()) {
            results.append(errorObject(RpcAnswer::kAria2Error, QStringLiteral("Missing methodName.")));
            continue;
        }
        if (name.toString() == kMulticall) {
            results.append(errorObject(RpcAnswer::kAria2Error, QStringLiteral("Recursive system.multicall forbidden.")));
            continue;
        }
        const RpcAnswer answer = run(name.toString(), spec.toObject().value(QStringLiteral("params")).toArray(), unauthorized);
        if (answer.isError())
            results.append(errorObject(answer.errorCode, answer.errorMessage));
        else
            results.append(QJsonArray{answer.result});
    }
    return RpcAnswer::ok(results);
}
