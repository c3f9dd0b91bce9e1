"""Printed documents (reportlab): the order confirmation a buyer takes home. No Qt here."""
