package org.yibao.drivers.indicator;

/** What the terminal tells the person at the counter with light and sound. */
public enum Signal {
    /** Settled or done: green light, one short beep. */
    SUCCESS,
    /** Refused (a business outcome): red light, two short beeps. */
    REFUSAL,
    /** A device or system fault that needs staff: red blinking with three long beeps. */
    FAULT
}
