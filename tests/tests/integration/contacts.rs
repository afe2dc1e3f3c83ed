//! The contact directory across real nodes (ToR-20): a State's signed card
//! goes to the Secretariat only, which relays it to every member; an update
//! replaces the older card everywhere; a forged card (signed by another
//! State, or altered by the relay) is refused by every receiver and never
//! listed; cards of a State removed from the roster are no longer listed.

use dief_node::contacts::ContactDraft;
use dief_node::federation::LocalFederation;
use dief_node::node::{Delivery, Node};
use dief_protocol::meeting::{Contact, ContactCard, DirectoryQuery, Role};
use dief_protocol::{Date, MessageId, Party, Payload, StateCode};
use dief_tests::{init_logging, refusal_of, state, wait_until, PROMPT};

fn draft(agency: &str, email: &str) -> ContactDraft {
    ContactDraft {
        id: None,
        agency: agency.into(),
        role: Role::LawEnforcement,
        address: "1 quai de l'Horloge, Paris".into(),
        contacts: vec![Contact {
            function: "Duty officer, arms trafficking unit".into(),
            name: String::new(),
            email: email.into(),
            phone: "+33 1 00 00 00 00".into(),
        }],
        languages: vec!["fr".into(), "en".into()],
        notes: String::new(),
        withdrawn: false,
    }
}

fn of(s: StateCode) -> DirectoryQuery {
    DirectoryQuery { state: Some(s), ..DirectoryQuery::default() }
}

/// Waits until `node` lists exactly one card of `s`, at `sequence`.
async fn lists(node: &Node, s: StateCode, sequence: u64) -> bool {
    wait_until(PROMPT, || {
        let cards = node.contacts(&of(s)).unwrap_or_default();
        cards.len() == 1 && cards[0].sequence == sequence
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_reaches_every_member_through_the_secretariat_and_an_update_replaces_it() {
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[fra, gha, per]).await.expect("federation");
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc) = (n(fra), n(gha), n(per));
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();

    let first = na.publish_contact(draft("Office central de lutte contre le trafic d'armes", "octa@interieur.gouv.fr"));
    let first = first.await.expect("publish");
    assert_eq!(first.card.sequence, 1);
    assert_eq!(first.card.state, fra);
    // The card goes to the Secretariat alone; GHA and PER get the relay.
    let item = na.outbox().expect("outbox").into_iter().find(|i| i.message_id == first.message_id).expect("sent");
    let to: Vec<Party> = item.recipients.iter().map(|(p, _)| *p).collect();
    assert_eq!(to, vec![Party::Secretariat]);

    for node in [&na, &sec, &nb, &nc] {
        assert!(lists(node, fra, 1).await, "{} does not list FRA's card", node.party());
    }
    let at_per = nc.contacts(&of(fra)).expect("contacts");
    assert_eq!(at_per[0], first.card, "PER holds the card exactly as FRA signed it");
    // GHA and PER got it from the Secretariat, not from FRA.
    let relayed = |node: &Node| {
        node.inbox()
            .expect("inbox")
            .iter()
            .any(|e| e.sender == Party::Secretariat && matches!(e.payload, Payload::ContactCard(_)))
    };
    assert!(relayed(&nb) && relayed(&nc));
    // Search by role and text.
    let q = DirectoryQuery { role: Some(Role::LawEnforcement), text: Some("TRAFIC D'ARMES".into()), state: None };
    assert_eq!(nb.contacts(&q).expect("search").len(), 1);
    let q = DirectoryQuery { role: Some(Role::Customs), ..DirectoryQuery::default() };
    assert!(nb.contacts(&q).expect("search").is_empty());
    let q = DirectoryQuery { text: Some("no such agency".into()), ..DirectoryQuery::default() };
    assert!(nb.contacts(&q).expect("search").is_empty());

    // An update of the same agency keeps the card's id, takes the next
    // sequence and replaces the old card everywhere.
    let second = na
        .publish_contact(draft("Office central de lutte contre le trafic d'armes", "permanence@interieur.gouv.fr"))
        .await
        .expect("update");
    assert_eq!((second.card.id, second.card.sequence), (first.card.id, 2));
    for node in [&na, &sec, &nb, &nc] {
        assert!(lists(node, fra, 2).await, "{} does not hold FRA's update", node.party());
        let cards = node.contacts(&of(fra)).expect("contacts");
        assert_eq!(cards[0].contacts[0].email, "permanence@interieur.gouv.fr");
    }

    // The stale first version, sent again by FRA, is receipted but changes
    // nothing.
    let stale = na.sign_contact_unchecked(&first.card).expect("sign");
    let again = na.send_unchecked(vec![Party::Secretariat], Payload::ContactCard(stale)).await.expect("send");
    let receipted = wait_until(PROMPT, || {
        na.outbox()
            .unwrap_or_default()
            .iter()
            .filter(|i| i.message_id == again)
            .any(|i| i.recipients.iter().all(|(_, d)| matches!(d, Delivery::Delivered { .. })))
    })
    .await;
    assert!(receipted, "a stale card is receipted");
    for node in [&sec, &nb, &nc] {
        let cards = node.contacts(&of(fra)).expect("contacts");
        assert_eq!(cards.len(), 1);
        assert_eq!(cards[0].sequence, 2, "{} went back to the stale card", node.party());
    }

    // A second agency is a second card.
    let customs = na.publish_contact(ContactDraft { role: Role::Customs, ..draft("Douane, DNRED", "dnred@douane.fr") });
    let customs = customs.await.expect("publish");
    assert_ne!(customs.card.id, first.card.id);
    assert!(wait_until(PROMPT, || nc.contacts(&of(fra)).unwrap_or_default().len() == 2).await);

    // The Secretariat removes FRA: its cards are no longer listed.
    sec.remove_member(fra).await.expect("remove");
    for node in [&sec, &nb, &nc] {
        let gone = wait_until(PROMPT, || node.contacts(&of(fra)).is_ok_and(|c| c.is_empty())).await;
        assert!(gone, "{} still lists the cards of a removed State", node.party());
    }
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_card_is_refused_by_every_member_and_never_listed() {
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[fra, gha, per]).await.expect("federation");
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc) = (n(fra), n(gha), n(per));
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();
    let now = fed.clock().now_ms();

    // GHA makes a card claiming to be FRA's and signs it with its own key.
    let fake = ContactCard {
        state: fra,
        id: MessageId::generate(u64::try_from(now).unwrap_or(0)).expect("id"),
        sequence: 7,
        issued_on: Date::from_unix_ms(now),
        agency: "Fake FRA police".into(),
        role: Role::LawEnforcement,
        address: String::new(),
        contacts: vec![Contact {
            function: "Attacker".into(),
            name: String::new(),
            email: "phish@example.org".into(),
            phone: String::new(),
        }],
        languages: Vec::new(),
        notes: Default::default(),
        withdrawn: false,
    };
    let by_gha = nb.sign_contact_unchecked(&fake).expect("sign");
    // To the Secretariat, which would relay it, and straight to PER.
    let to_sec = nb.send_unchecked(vec![Party::Secretariat], Payload::ContactCard(by_gha.clone())).await.expect("send");
    let to_per = nb.send_unchecked(vec![per.party()], Payload::ContactCard(by_gha.clone())).await.expect("send");
    let why = refusal_of(&nb, to_sec, Party::Secretariat).await;
    assert!(why.contains("cannot send FRA's contact card"), "{why}");
    let why = refusal_of(&nb, to_per, per.party()).await;
    assert!(why.contains("cannot send FRA's contact card"), "{why}");

    // A card in FRA's name signed by another key is refused on its
    // signature: here the Secretariat (a faulty or hostile
    // relay) signs a card in FRA's name and "relays" it. Members verify the
    // card themselves and never trust the relay.
    let by_sec = sec.sign_contact_unchecked(&fake).expect("sign");
    let relay = sec.send_unchecked(vec![gha.party(), per.party()], Payload::ContactCard(by_sec)).await.expect("send");
    for member in [gha, per] {
        let why = refusal_of(&sec, relay, member.party()).await;
        assert!(why.contains("signature does not verify"), "{member}: {why}");
    }
    // FRA's node, sent the forgery by GHA directly, refuses it too.
    let to_fra = nb.send_unchecked(vec![fra.party()], Payload::ContactCard(by_gha)).await.expect("send");
    let why = refusal_of(&nb, to_fra, fra.party()).await;
    assert!(why.contains("cannot send FRA's contact card"), "{why}");

    // A genuine FRA card relayed by GHA (not the Secretariat) is refused.
    let genuine = na.publish_contact(draft("Gendarmerie nationale", "gn@interieur.gouv.fr")).await.expect("publish");
    assert!(lists(&nc, fra, 1).await, "the genuine card arrives through the Secretariat");
    assert!(lists(&nb, fra, 1).await);
    let held = nb.contacts(&of(fra)).expect("contacts");
    assert_eq!(held[0], genuine.card);
    let signed = nb
        .inbox()
        .expect("inbox")
        .into_iter()
        .find_map(|e| match e.payload {
            Payload::ContactCard(c) => Some(c),
            _ => None,
        })
        .expect("the relayed card in GHA's inbox");
    let passed_on = nb.send_unchecked(vec![per.party()], Payload::ContactCard(signed)).await.expect("send");
    let why = refusal_of(&nb, passed_on, per.party()).await;
    assert!(why.contains("cannot send FRA's contact card"), "{why}");

    for node in [&na, &nb, &nc, &sec] {
        let cards = node.contacts(&DirectoryQuery::default()).expect("contacts");
        assert!(cards.iter().all(|c| c.agency != "Fake FRA police"), "{} lists a forged card", node.party());
    }
    fed.shutdown().await;
}
