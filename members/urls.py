from django.urls import path

from . import transfer_views, views

app_name = "members"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("xuat.<str:fmt>", views.person_list_export, name="person_list_export"),
    path("them/", views.person_create, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("<int:pk>/chuyen-chi-bo/", views.person_move, name="person_move"),
    path("<int:pk>/chuyen-sinh-hoat/", transfer_views.transfer_create, name="transfer_create"),
    path("chuyen-sinh-hoat/", transfer_views.transfer_list, name="transfer_list"),
    path("chuyen-sinh-hoat/den/", transfer_views.transfer_in, name="transfer_in"),
    path(
        "chuyen-sinh-hoat/<int:pk>/tiep-nhan/",
        transfer_views.transfer_receive,
        name="transfer_receive",
    ),
    path("sinh-hoat-tam-thoi/", transfer_views.temporary_list, name="temporary_list"),
    path("sinh-hoat-tam-thoi/den/", transfer_views.temporary_create, name="temporary_create"),
    path(
        "sinh-hoat-tam-thoi/<int:pk>/gia-han/",
        transfer_views.temporary_extend,
        name="temporary_extend",
    ),
    path(
        "sinh-hoat-tam-thoi/<int:pk>/ket-thuc/",
        transfer_views.temporary_end,
        name="temporary_end",
    ),
    path("<int:pk>/lich-su/", views.person_history, name="person_history"),
    path("<int:pk>/ghi-buoc/", views.step_create, name="step_create"),
    path("<int:pk>/xoa-buoc-cuoi/", views.step_delete_last, name="step_delete_last"),
    path("buoc/<int:pk>/sua/", views.step_edit, name="step_edit"),
    path("buoc/<int:pk>/gia-han/", views.step_extend, name="step_extend"),
    path("<int:pk>/phan-cong/", views.assignment_create, name="assignment_create"),
    path("<int:pk>/danh-gia/", views.evaluation_create, name="evaluation_create"),
    path("chi-bo/<int:pk>/", views.board, name="board"),
    path("tieu-doan/<int:pk>/nhip-do/", views.planning_pace, name="planning_pace"),
    path("chi-bo/<int:pk>/xuat.<str:fmt>", views.board_export, name="board_export"),
    path("chi-bo/<int:pk>/xep-loai/", views.cell_ratings, name="cell_ratings"),
]
