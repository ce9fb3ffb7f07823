#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

// Reads one call's positional parameters with aria2's type rules and its sentences for a wrong
// or missing one ("The parameter at 1 has wrong type."). A failed read leaves the sentence in
// error(). A plain value over the call's parameters; GUI thread.
class Aria2Params final
{
public:
    explicit Aria2Params(const QJsonArray &params) : m_params(params) {}

    bool has(qsizetype index) const { return index < m_params.size(); }
    // Required values.
    std::optional<QString> string(qsizetype index);
    std::optional<qint64> integer(qsizetype index);
    // An object or array when given, empty when absent; nullopt when it has the wrong type.
    std::optional<QJsonObject> object(qsizetype index, bool required = false);
    std::optional<QJsonArray> array(qsizetype index, bool required = false);
    // An integer when given; false (error set) when it has the wrong type.
    bool optionalInteger(qsizetype index, std::optional<qint64> &value);
    // aria2's keys filter: the strings of an optional array (anything else in it is skipped).
    std::optional<QStringList> keys(qsizetype index);
    // The integer at index, at least minimum (aria2's "IntegerGE").
    std::optional<qint64> integerAtLeast(qsizetype index, qint64 minimum);

    QString error() const { return m_error; }

private:
    bool present(qsizetype index, bool required);
    void wrongType(qsizetype index);

    QJsonArray m_params;
    QString m_error;
};
