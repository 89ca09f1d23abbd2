"""Exports that survive kills: a JSON-lines exporter that writes each line whole (``exporters``) and the
extension that repairs what a killed run left in an export before the next run appends to it
(``recovery``)."""
