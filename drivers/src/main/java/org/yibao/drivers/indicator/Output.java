package org.yibao.drivers.indicator;

/** The indicator outputs a terminal may have. */
public enum Output {
    GREEN_LED, RED_LED, BUZZER
}
