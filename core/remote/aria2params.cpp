#include "remote/aria2params.h"

#include <cmath>

namespace {

// JSON has one number type; aria2's parser makes an integer of a number without a fraction.
std::optional<qint64> integral(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!std::isfinite(number) || std::trunc(number) != number || std::fabs(number) > 9.0e15)
        return std::nullopt;
    return qint64(number);
}

} // namespace

bool Aria2Params::present(qsizetype index, bool required)
{
    if (index < m_params.size())
        return true;
    if (required)
        m_error = QStringLiteral("The parameter at %1 is required but missing.").arg(index);
    return false;
}

void Aria2Params::wrongType(qsizetype index)
{
    m_error = QStringLiteral("The parameter at %1 has wrong type.").arg(index);
}

std::optional<QString> Aria2Params::string(qsizetype index)
{
    if (!present(index, true))
        return std::nullopt;
    if (!m_params.at(index).isString()) {
        wrongType(index);
        return std::nullopt;
    }
    return m_params.at(index).toString();
}

std::optional<qint64> Aria2Params::integer(qsizetype index)
{
    if (!present(index, true))
        return std::nullopt;
    const std::optional<qint64> value = integral(m_params.at(index));
    if (!value)
        wrongType(index);
    return value;
}

std::optional<qint64> Aria2Params::integerAtLeast(qsizetype index, qint64 minimum)
{
    const std::optional<qint64> value = integer(index);
    if (value && *value < minimum) {
        m_error = QStringLiteral("The integer parameter at %1 has invalid value: the value must be greater than or equal to %2.")
                      .arg(index)
                      .arg(minimum);
        return std::nullopt;
    }
    return value;
}

bool Aria2Params::optionalInteger(qsizetype index, std::optional<qint64> &value)
{
    value.reset();
    if (!present(index, false))
        return true;
    value = integral(m_params.at(index));
    if (!value)
        wrongType(index);
    return value.has_value();
}

std::optional<QJsonObject> Aria2Params::object(qsizetype index, bool required)
{
    if (!present(index, required))
        return required ? std::nullopt : std::optional<QJsonObject>(QJsonObject());
    if (!m_params.at(index).isObject()) {
        wrongType(index);
        return std::nullopt;
    }
    return m_params.at(index).toObject();
}

std::optional<QJsonArray> Aria2Params::array(qsizetype index, bool required)
{
    if (!present(index, required))
        return required ? std::nullopt : std::optional<QJsonArray>(QJsonArray());
    if (!m_params.at(index).isArray()) {
        wrongType(index);
        return std::nullopt;
    }
    return m_params.at(index).toArray();
}

std::optional<QStringList> Aria2Params::keys(qsizetype index)
{
    const std::optional<QJsonArray> list = array(index);
    if (!list)
        return std::nullopt;
    QStringList keys;
    for (const QJsonValue &key : *list) {
        if (key.isString())
            keys.append(key.toString());
    }
    return keys;
}
