"""Drafting a report: section 五 from notes, the whole report from figures and notes."""
