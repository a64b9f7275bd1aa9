/** The demo's report: an HTML page with plots rendered offline as inline SVG, and the raw numbers as JSON. */
package dev.tandem.demo.report;
