"""Ledger URL patterns: signed heads and proofs on the portal, entries on the workbench."""

from django.urls import path

from sanxiang.ledger import views

portal = [
    path("ledger/", views.ledger_home, name="ledger"),
    path("ledger/heads/<int:size>/", views.head_detail, name="ledger-head"),
    path("ledger/proofs/inclusion/", views.inclusion, name="ledger-inclusion"),
    path("ledger/proofs/consistency/", views.consistency, name="ledger-consistency"),
    path("ledger/public-key.pem", views.public_key, name="ledger-public-key"),
    path("ledger/checkpoint", views.latest_checkpoint, name="ledger-checkpoint"),
    path("ledger/checkpoints/<int:size>", views.checkpoint_text, name="ledger-checkpoint-size"),
    path(
        "ledger/checkpoints/<int:size>/timestamp.tsr",
        views.checkpoint_timestamp,
        name="ledger-checkpoint-timestamp",
    ),
    path("ledger/verifier-key", views.verifier_key, name="ledger-verifier-key"),
    path("ledger/witness/add-cosignature", views.add_cosignature, name="ledger-add-cosignature"),
    path("ledger/packages/<str:token>/", views.package_link, name="ledger-package"),
    path(
        "ledger/packages/<str:token>/package.zip",
        views.package_link_download,
        name="ledger-package-download",
    ),
    path("ledger/api/heads.json", views.heads_json, name="ledger-heads-json"),
    path("ledger/api/heads/latest.json", views.latest_head_json, name="ledger-latest-json"),
    path("ledger/api/proofs/inclusion.json", views.inclusion_json, name="ledger-inclusion-json"),
    path(
        "ledger/api/proofs/consistency.json",
        views.consistency_json,
        name="ledger-consistency-json",
    ),
]
workbench = [
    path("ledger/", views.entry_list, name="ledger-entries"),
    path("ledger/export/", views.export, name="ledger-export"),
]
