package dev.tandem.shared.lineage;

/** The run states Tandem reports. */
public enum LineageEventType {
    START, RUNNING, COMPLETE, FAIL;
}
