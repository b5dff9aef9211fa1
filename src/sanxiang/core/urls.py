"""Core URL patterns, grouped by where they are mounted."""

from django.urls import path

from sanxiang.core import views

portal: list = []
workbench = [path("", views.workbench_home, name="home")]
