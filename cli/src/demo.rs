//! `dief demo`: the Secretariat and three States in this process, each a
//! real node with its own encrypted store, on loopback. It narrates the
//! federation core: roster, a case shared with one State only, a reply, a
//! State unable to read what was not sent to it, and delivery to a node
//! that was stopped.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use dief_node::federation::{wait_until, LocalFederation};
use dief_node::node::{Delivery, NewCase};
use dief_node::Node;
use dief_protocol::payload::{CaseStatus, Investigation};
use dief_protocol::{MessageId, Party, Payload, StateCode};
use serde::Serialize;

#[derive(Debug, Default, Serialize)]
struct Account {
    steps: Vec<String>,
}

impl Account {
    fn say(&mut self, json: bool, line: impl Into<String>) {
        let line = line.into();
        if !json {
            println!("{line}");
        }
        self.steps.push(line);
    }
}

fn code(s: &str) -> Result<StateCode> {
    s.parse().with_context(|| format!("state code {s}"))
}

fn delivered(node: &Node, id: &MessageId, to: Party) -> bool {
    node.outbox().ok().is_some_and(|items| {
        items.iter().any(|i| {
            i.message_id == *id && i.recipients.iter().any(|(p, d)| *p == to && matches!(d, Delivery::Delivered { .. }))
        })
    })
}

fn inbox_has(node: &Node, id: &MessageId) -> bool {
    node.inbox().ok().is_some_and(|i| i.iter().any(|e| e.message_id == *id))
}

pub async fn run(json: bool) -> Result<()> {
    let started = Instant::now();
    let mut out = Account::default();
    let (a, b, c) = (code("FRA")?, code("GHA")?, code("PER")?);
    out.say(json, "dief demo: the Secretariat and three States (FRA, GHA, PER), each a separate node");
    out.say(json, "with its own encrypted store, exchanging end-to-end encrypted envelopes over libp2p on loopback.\n");

    let mut fed = LocalFederation::start(&[a, b, c]).await?;
    let sec = fed.node(Party::Secretariat)?.clone();
    let roster = sec.roster().context("the Secretariat holds no roster")?;
    out.say(json, "1. Roster");
    out.say(
        json,
        format!(
            "   The Secretariat's roster key {} is pinned by every State.",
            roster.secretariat.signing_key.fingerprint()
        ),
    );
    for m in &roster.members {
        out.say(
            json,
            format!("   {} ({}) admitted from its signed join request; peer {}", m.state, m.status, m.node.peer_id),
        );
    }
    out.say(json, format!("   Roster sequence {} reached every node.\n", roster.sequence));

    let node_a = fed.state(a)?.clone();
    let node_b = fed.state(b)?.clone();
    let node_c = fed.state(c)?.clone();
    let case = node_a
        .create_case(NewCase {
            title: "Diverted rifles found in a transit container".into(),
            summary: "Serial numbers match a 2019 export licence; the end-user certificate appears forged.".into(),
            status: CaseStatus::Detected,
            investigation: Investigation::Ongoing,
            marking: "DIEF confidential - operational use only after consultation with FRA".into(),
        })
        .await?;
    out.say(json, "2. FRA shares a case with GHA only");
    out.say(json, format!("   FRA recorded case {} in its own store.", case.id));
    let t = Instant::now();
    let share = node_a.share(&case.id, &[b]).await?;
    if !wait_until(Duration::from_secs(15), || delivered(&node_a, &share, Party::State(b))).await {
        bail!("the share to GHA was not receipted in time");
    }
    out.say(
        json,
        format!(
            "   Sealed once, content key wrapped for GHA; GHA verified, stored durably, and receipted in {:.1} ms.",
            t.elapsed().as_secs_f64() * 1000.0
        ),
    );
    let held = node_b.case(&case.id)?;
    out.say(json, format!("   GHA now holds \"{}\" (version {}).\n", held.record.title, held.record.version));

    out.say(json, "3. PER cannot read it");
    let envelope = node_a.sent_envelope(&share)?;
    match node_c.try_open(&envelope) {
        Ok(_) => bail!("PER could open an envelope not addressed to it"),
        Err(e) => out.say(json, format!("   Given the very envelope, PER's node says: {e}")),
    }
    match sec.try_open(&envelope) {
        Ok(_) => bail!("the Secretariat could open case content"),
        Err(e) => out.say(json, format!("   The Secretariat's node says: {e}")),
    }
    if node_c.case(&case.id).is_ok() || node_c.inbox()?.iter().any(|e| e.message_id == share) {
        bail!("PER holds the case");
    }
    out.say(json, "   PER's store holds nothing of the case.\n");

    out.say(json, "4. GHA replies to FRA");
    let reply = node_b
        .reply(
            &case.id,
            "GHA customs confirm the container transited Tema; manifests follow.".into(),
            "en".into(),
            None,
        )
        .await?;
    if !wait_until(Duration::from_secs(15), || inbox_has(&node_a, &reply)).await {
        bail!("the reply did not reach FRA");
    }
    if let Some(e) = node_a.inbox()?.into_iter().find(|e| e.message_id == reply) {
        if let Payload::Reply(r) = e.payload {
            out.say(json, format!("   FRA received from {}: \"{}\"\n", e.sender, r.body));
        }
    }

    out.say(json, "5. Delivery to a node that is down");
    // Our handle must go too, or PER's store would stay open in this process.
    drop(node_c);
    fed.stop(Party::State(c)).await?;
    out.say(json, "   PER's node is stopped.");
    let case2 = node_a
        .create_case(NewCase {
            title: "Ammunition lot re-exported without authorisation".into(),
            summary: "Lot markings point to a broker registered in a third country.".into(),
            status: CaseStatus::Suspected,
            investigation: Investigation::Ongoing,
            marking: "DIEF confidential".into(),
        })
        .await?;
    let share2 = node_a.share(&case2.id, &[c]).await?;
    tokio::time::sleep(Duration::from_millis(700)).await;
    let pending = node_a.outbox()?.into_iter().find(|i| i.message_id == share2);
    match pending.as_ref().and_then(|i| i.recipients.first()) {
        Some((p, Delivery::Pending { .. })) => out
            .say(json, format!("   FRA's outbox keeps the envelope to {p} durably, pending; it retries with backoff.")),
        other => bail!("the envelope to the stopped node is not pending: {other:?}"),
    }
    let t = Instant::now();
    let node_c = fed.start_node(Party::State(c)).await?;
    if !wait_until(Duration::from_secs(30), || delivered(&node_a, &share2, Party::State(c))).await {
        bail!("the message to PER was not delivered after its restart");
    }
    out.say(
        json,
        format!(
            "   PER restarted; the waiting envelope was delivered and receipted {:.0} ms later.",
            t.elapsed().as_secs_f64() * 1000.0
        ),
    );
    out.say(json, format!("   PER now holds \"{}\".\n", node_c.case(&case2.id)?.record.title));

    fed.shutdown().await;
    out.say(
        json,
        format!("Done in {:.1} s. Every store was encrypted and is now deleted.", started.elapsed().as_secs_f64()),
    );
    if json {
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    Ok(())
}
