package org.yibao.drivers.indicator;

/** An edge of the kiosk button (after active-low/high translation). */
public enum ButtonEvent {
    PRESSED, RELEASED
}
