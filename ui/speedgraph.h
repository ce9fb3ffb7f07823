#pragma once

#include <QList>
#include <QPointF>
#include <QWidget>

// A small chart of one download's recent speed: a filled area under the line, the peak as a label,
// in the palette's colours. Shows what it is given; keeps no history itself. GUI thread.
class SpeedGraph final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpeedGraph)

public:
    // The time span shown, newest at the right: the samples' own span within these bounds.
    static constexpr qint64 kMinWindowMs = 10'000;
    static constexpr qint64 kMaxWindowMs = 120'000;

    explicit SpeedGraph(QWidget *parent = nullptr);

    void setSamples(const QList<QPointF> &samples);  // x = ms, y = bytes/s, oldest first
    // What the empty graph says ("No transfer yet" by default).
    void setEmptyText(const QString &text);
    QString emptyText() const { return m_emptyText; }
    const QList<QPointF> &samples() const { return m_samples; }
    qreal peak() const { return m_peak; }  // bytes/s at the top of the scale

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<QPointF> m_samples;
    QString m_emptyText = tr("No transfer yet");
    qreal m_peak = 0;
};
