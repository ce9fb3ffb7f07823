#pragma once

#include <QWidget>

// The translucent highlight with a dashed border and "Drop to add links" that covers a window
// while links are dragged over it. Lets every mouse and drag event through to what is below.
// GUI thread.
class DropOverlay final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DropOverlay)

public:
    explicit DropOverlay(QWidget *parent);

    QString text() const { return m_text; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_text;
};
