/**
 * The longest delay Node's timers accept: 2^31 - 1 ms (about 24.8 days). A larger one fires after
 * 1 ms with a TimeoutOverflowWarning, so every millisecond option is bounded by it.
 */
export const TIMER_MAX = 2_147_483_647
