"""Contributors' URLs, under the language prefix: /<lang>/account/ (django-allauth's pages
and ours) and /<lang>/contributors/<handle>/."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("account/", views.dashboard, name="contributor_dashboard"),
    path("account/profile/", views.profile_edit, name="contributor_profile_edit"),
    path("account/delete/", views.delete_account, name="contributor_delete_account"),
    path("account/deleted/", views.account_deleted, name="contributor_account_deleted"),
    path("account/signed-out/", views.logged_out, name="contributor_logged_out"),
    path("account/proposals/new/", views.proposal_new, name="contributor_proposal_new"),
    path("account/proposals/<int:pk>/", views.proposal_detail, name="contributor_proposal"),
    path(
        "account/proposals/<int:pk>/step/<int:step>/",
        views.proposal_step,
        name="contributor_proposal_step",
    ),
    path(
        "account/proposals/<int:pk>/files/<int:file_pk>/",
        views.proposal_file,
        name="contributor_proposal_file",
    ),
    path("account/", include("allauth.urls")),
    path("contributors/<slug:handle>/", views.profile_public, name="contributor_profile"),
]
