package dev.tandem.shared.record;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeParseException;

/**
 * Parses event times written as RFC 3339 timestamps with an offset, and writes instants as
 * {@link Instant#toString} does.
 *
 * <p>{@link OffsetDateTime#parse} was the largest single cost of decoding an event in a profile of the
 * micro-batch function, so the common shape ({@code 2026-11-25T06:15:05.123Z}, {@code +01:00} offsets,
 * 0–9 fraction digits, years from 1970) is read by hand; anything else, including every out-of-range
 * field, goes to {@link OffsetDateTime#parse}, so the accepted language and the results are the JDK's.
 */
public final class EventTimes {

    private EventTimes() {
    }

    /** Epoch milliseconds of an RFC 3339 timestamp, or {@code null} if it is not one. */
    public static Long epochMillis(String text) {
        return epochMillis(text.toCharArray(), 0, text.length());
    }

    /**
     * Whether {@code text} is an RFC 3339 timestamp of the common shape {@link #epochMillis} reads by
     * hand ({@code 2026-11-25T06:15:05.123Z}, {@code +01:00} offsets, 0–9 fraction digits, years from
     * 1970, every field in range). False says nothing: the text may still be a timestamp of another
     * shape, which a caller asks its reference about.
     */
    public static boolean isCommonShape(String text) {
        return text.length() <= 35 && fastEpochMillis(text.toCharArray(), 0, text.length()) != Long.MIN_VALUE;
    }

    /**
     * {@link #epochMillis(String)} of the {@code length} characters at {@code offset}: for readers
     * that hold the text in their own buffer (a JSON parser's), without a string for it.
     */
    public static Long epochMillis(char[] chars, int offset, int length) {
        long fast = fastEpochMillis(chars, offset, length);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(java.nio.CharBuffer.wrap(chars, offset, length)).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * {@link Long#MIN_VALUE} when the text is not of the common shape; the caller then asks the JDK.
     * Over an array, not a string: {@code String.charAt} checks the string's coder and bounds on every
     * character. Indices are relative to {@code offset}.
     */
    private static long fastEpochMillis(char[] c, int offset, int n) {
        if (n < 20 || c[offset + 4] != '-' || c[offset + 7] != '-' || c[offset + 10] != 'T'
                || c[offset + 13] != ':' || c[offset + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(c, offset, 4);
        int month = digits(c, offset + 5, 2);
        int day = digits(c, offset + 8, 2);
        int hour = digits(c, offset + 11, 2);
        int minute = digits(c, offset + 14, 2);
        int second = digits(c, offset + 17, 2);
        if (year < 1970 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour < 0
                || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        int i = 19;
        int millis = 0;
        if (c[offset + i] == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(c[offset + i])) {
                if (i - start < 3) {
                    millis = millis * 10 + (c[offset + i] - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0 || (i < n && isDigit(c[offset + i]))) {
                return Long.MIN_VALUE;
            }
            for (int k = count; k < 3; k++) {
                millis *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && c[offset + i] == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (c[offset + i] == '+' || c[offset + i] == '-') && c[offset + i + 3] == ':') {
            int oh = digits(c, offset + i + 1, 2);
            int om = digits(c, offset + i + 4, 2);
            if (oh < 0 || oh > 17 || om < 0 || om > 59) {
                return Long.MIN_VALUE;
            }
            offsetSeconds = (c[offset + i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return Long.MIN_VALUE;
        }
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return epochSecond * 1000L + millis;
    }

    /** The first instant of year 10000: {@link Instant#toString} writes a sign and five digits from there. */
    private static final long FAST_FORMAT_END = 253_402_300_800_000L;

    /**
     * {@code Instant.ofEpochMilli(epochMillis).toString()}, without its formatter for instants from
     * 1970 to 9999 (two per segment line, so it showed in profiles).
     */
    public static String format(long epochMillis) {
        byte[] b = new byte[24];
        int n = formatTo(epochMillis, b);
        return n < 0 ? Instant.ofEpochMilli(epochMillis).toString() : new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@link #format}'s text into {@code b} (at least 24 bytes, ASCII) and returns its length,
     * or -1 where only {@link Instant#toString} formats it (before 1970, after 9999): for writers
     * that put it straight into their output, without a string per timestamp.
     */
    public static int formatTo(long epochMillis, byte[] b) {
        if (epochMillis < 0 || epochMillis >= FAST_FORMAT_END) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(epochMillis / 86_400_000L);
        int msOfDay = (int) (epochMillis % 86_400_000L);
        int millis = msOfDay % 1000;
        int length = millis == 0 ? 20 : 24;
        put(b, 0, date.getYear(), 4);
        b[4] = '-';
        put(b, 5, date.getMonthValue(), 2);
        b[7] = '-';
        put(b, 8, date.getDayOfMonth(), 2);
        b[10] = 'T';
        put(b, 11, msOfDay / 3_600_000, 2);
        b[13] = ':';
        put(b, 14, msOfDay / 60_000 % 60, 2);
        b[16] = ':';
        put(b, 17, msOfDay / 1000 % 60, 2);
        if (millis != 0) {
            b[19] = '.';
            put(b, 20, millis, 3);
        }
        b[length - 1] = 'Z';
        return length;
    }

    private static void put(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int digits(char[] s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s[i];
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 (the civil-from-days inverse, valid for the proleptic Gregorian calendar). */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = y / 400;
        int yoe = y - era * 400;
        int mp = (month + 9) % 12;
        int doy = (153 * mp + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }
}
