"""A proposal's page or event report published (by the review task's approval, or by an
editor directly) tells its contributor."""

from django.dispatch import receiver
from wagtail.signals import page_published, published

from .models import EventReport, Proposal


@receiver(page_published)
def proposal_published(sender, instance, **kwargs):
    from . import review

    proposal = Proposal.objects.filter(page_id=instance.pk).select_related("owner").first()
    if proposal is not None:
        review.published(proposal)


@receiver(published, sender=EventReport)
def report_published(sender, instance, **kwargs):
    from . import review

    proposal = Proposal.objects.filter(report_id=instance.pk).select_related("owner").first()
    if proposal is not None:
        review.published(proposal)
