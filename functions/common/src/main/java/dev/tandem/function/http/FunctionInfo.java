package dev.tandem.function.http;

/**
 * What a caller learns from {@code POST /info}: which function answers and the bucket it writes to.
 *
 * @param function the function's name, as deployed
 * @param rhythm   {@code micro-batch} or {@code batch}
 * @param version  the build's version
 * @param bucket   the S3 bucket the function writes to
 */
public record FunctionInfo(String function, String rhythm, String version, String bucket) {
}
