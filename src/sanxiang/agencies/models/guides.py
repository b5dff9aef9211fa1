"""Service guides (服务指南) with their flowchart stages, and service windows (服务窗口)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.choices import StageTimeBasis


class ServiceGuide(models.Model):
    """A service guide for one matter (办事指南), e.g. a licence application."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="service_guides",
    )
    power_item = models.ForeignKey(
        "agencies.PowerItem",
        verbose_name=_("power item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_guides",
    )
    code = models.SlugField(
        _("public code"), max_length=64, unique=True, help_text=_("Used in public addresses.")
    )
    name = models.CharField(_("matter"), max_length=200)
    accepting_body = models.CharField(_("accepting body"), max_length=200)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    conditions = models.TextField(_("conditions"))
    time_limit = models.CharField(
        _("time limit"), max_length=200, help_text=_("The legal limit and the promised limit.")
    )
    fees = models.CharField(_("fees"), max_length=200, default="不收费")
    channels = models.TextField(
        _("how to apply"), help_text=_("Window address and hours, online service, post.")
    )
    consultation = models.CharField(_("consultation"), max_length=200, blank=True)
    complaints = models.CharField(_("complaints"), max_length=200, blank=True)
    is_published = models.BooleanField(_("shown on the portal"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("service guide")
        verbose_name_plural = _("service guides")
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:guide", kwargs={"code": self.code})


class GuideMaterial(models.Model):
    """A document an applicant hands in (申请材料), with its sample form if there is one."""

    guide = models.ForeignKey(
        ServiceGuide, verbose_name=_("service guide"), on_delete=models.CASCADE,
        related_name="materials",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("material"), max_length=200)
    form = models.CharField(_("original or copy"), max_length=100, default="原件1份")
    required = models.BooleanField(_("required"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    sample_form = models.FileField(_("sample form"), upload_to="guide-samples/", blank=True)

    class Meta:
        verbose_name = _("application material")
        verbose_name_plural = _("application materials")
        ordering = ["guide", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class GuideStage(models.Model):
    """A step of the matter's procedure (办理环节), drawn in the flowchart."""

    guide = models.ForeignKey(
        ServiceGuide, verbose_name=_("service guide"), on_delete=models.CASCADE,
        related_name="stages",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("step"), max_length=50)
    responsible = models.CharField(_("done by"), max_length=100, blank=True)
    time_limit_days = models.PositiveSmallIntegerField(_("time limit"), null=True, blank=True)
    time_basis = models.CharField(
        _("counted in"), max_length=20, choices=StageTimeBasis.choices,
        default=StageTimeBasis.WORKING_DAYS,
    )  # fmt: skip
    description = models.CharField(_("what happens"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["guide", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class ServiceWindow(models.Model):
    """A service window (服务窗口) whose post information board (岗位信息公示牌) is public."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
        related_name="service_windows",
    )  # fmt: skip
    code = models.SlugField(
        _("public code"), max_length=64, unique=True, help_text=_("Used in public addresses.")
    )
    name = models.CharField(_("window"), max_length=100)
    location = models.CharField(_("location"), max_length=200)
    hours = models.CharField(_("opening hours"), max_length=200)
    duties = models.TextField(_("duties"))
    guides = models.ManyToManyField(
        ServiceGuide, verbose_name=_("matters handled"), blank=True, related_name="windows"
    )
    consultation_phone = models.CharField(_("consultation telephone"), max_length=50)
    complaint_phone = models.CharField(_("complaint telephone"), max_length=50)
    complaint_channel = models.CharField(_("other complaint channels"), max_length=200, blank=True)
    is_published = models.BooleanField(_("shown on the portal"), default=True)

    class Meta:
        verbose_name = _("service window")
        verbose_name_plural = _("service windows")
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:window", kwargs={"code": self.code})


class WindowPost(models.Model):
    """A post at a service window and who holds it (岗位及在岗人员)."""

    window = models.ForeignKey(
        ServiceWindow, verbose_name=_("service window"), on_delete=models.CASCADE,
        related_name="posts",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    post = models.CharField(
        _("post"), max_length=50, help_text=_("e.g. A岗 (on duty), B岗 (stand-in).")
    )
    officer = models.ForeignKey(
        "agencies.Officer", verbose_name=_("staff member"), on_delete=models.PROTECT,
        related_name="window_posts",
    )  # fmt: skip
    duties = models.CharField(_("duties"), max_length=300)

    class Meta:
        verbose_name = _("window post")
        verbose_name_plural = _("window posts")
        ordering = ["window", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.window} {self.post}"
