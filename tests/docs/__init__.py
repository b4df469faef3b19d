"""Tests of the documentation: its code blocks run, and the site builds."""
