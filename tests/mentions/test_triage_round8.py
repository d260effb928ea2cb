"""Mention triage, eighth round: general mechanisms, each tested on posts written for these tests (in
English, Spanish and Chinese), with the near misses each must leave alone."""

from __future__ import annotations

import pytest

from bot.mentions.triage import MentionClass, PriorMention, classify_mention

# --------------------------------------------------------------------------------------------
# Repeats: most of an earlier post copied in runs of words, whatever else changed
# --------------------------------------------------------------------------------------------

SOFA = (
    "Ordered a sofa (order 55-20917) on 2 Oct, paid £640, delivery slot missed three times and nobody at the "
    "Croydon depot answers the phone. I just want a date."
)
VUELO = (
    "El vuelo IB3321 de las 9:40 a Sevilla lleva 4 horas de retraso, nadie en el mostrador 12 y la app no deja "
    "cambiar la reserva ABC123."
)
吹风机 = "3月8号在万象城店买的吹风机(订单号884120377)，用了两天就冒烟了，门店说要寄回厂家检测，等了三周没有任何消息。"
航班 = "@鹭岛航空 MF8501 厦门飞北京，原定晚上7点起飞，延误到凌晨1点才通知取消，机场没人安排住宿，客服电话打了五次都是忙音。"


@pytest.mark.parametrize(
    ("first", "repost"),
    [
        # a few words changed, a number in digits for the word
        (
            SOFA,
            "Ordered a sofa (order 55-20917) on 2 Oct, paid £640, the delivery slot was missed 3 times and no one "
            "at the Croydon depot picks up the phone. I only want a date.",
        ),
        # an aside dropped
        (
            SOFA.replace("phone.", "phone. My mum is 84 and has sat on a kitchen chair for a month."),
            SOFA.replace("date.", "date!!"),
        ),
        # a tag, a hashtag, emoji and a link added
        (
            SOFA,
            SOFA.replace("£640,", "£640!! 😡").replace("date.", "date. @brand #fail https://t.co/x1"),
        ),
        # the sentences in another order
        (SOFA, "I just want a date. " + SOFA.removesuffix(" I just want a date.")),
        (
            VUELO,
            "@aerolinea el vuelo IB3321 de las 9:40 a Sevilla ya lleva cuatro horas de retraso!!! nadie en el "
            "mostrador 12 y la app no me deja cambiar la reserva ABC123 😤 #vergüenza",
        ),
        (
            吹风机,
            "3月8号在万象城店买的吹风机（订单号884120377），才用了两天就冒烟！！门店说要寄回厂家检测，等了三周一点消息都没有😡 @品牌官方",
        ),
        (
            航班,
            "MF8501 厦门飞北京，原定晚上七点起飞，延误到凌晨一点才通知取消！机场没有人安排住宿，客服电话打了5次全是忙音😡 #鹭岛航空#",
        ),
        # a clause dropped from a Chinese post
        (航班, 航班.replace("机场没人安排住宿，", "")),
    ],
)
def test_a_repost_with_words_changed_is_a_repeat_of_the_first(first: str, repost: str) -> None:
    result = classify_mention(repost, author="other", previous=[PriorMention(7, first, "one")])
    assert result.mention_class is MentionClass.SPAM_DUPLICATE
    assert result.duplicate_of == 7


@pytest.mark.parametrize(
    ("first", "other"),
    [
        # another customer, the same incident, their own words and details
        (
            SOFA,
            "Same thing happened to me: bed frame, order 55-31022, paid £410 on 28 Sept, missed two slots and the "
            "Croydon depot line just rings out.",
        ),
        (
            VUELO,
            "Yo también estoy en el IB3321 a Sevilla, mi reserva es XK9920, llevamos desde las 9 en la puerta y "
            "nadie informa de nada, tengo un niño de 2 años.",
        ),
        (
            吹风机,
            "我也是万象城店买的，卷发棒，订单号884199201，上周插上电就跳闸，门店让我自己联系厂家，太离谱了。",
        ),
        (
            航班,
            "同一天MF8503 厦门飞上海也取消了，我们在T3等到凌晨两点，地服说酒店都满了，带着老人只能睡椅子。",
        ),
        # the earlier post quoted, with a long story of the writer's own after it
        (
            SOFA,
            f'"{SOFA}" Exactly my week too: a wardrobe, order 55-20388, two missed slots, £380 paid on 30 Sept, '
            "three calls to the depot, one promise of a callback and nothing since, while my clothes sit in bin bags "
            "on the bedroom floor.",
        ),
    ],
)
def test_the_same_incident_in_other_words_is_not_a_repeat(first: str, other: str) -> None:
    result = classify_mention(other, author="other", previous=[PriorMention(7, first, "one")])
    assert result.mention_class is not MentionClass.SPAM_DUPLICATE
