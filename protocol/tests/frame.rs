//! The request-response frame (`dief_protocol::frame`, issue 11 fuzzing):
//! round trips, oversize refused naming the limit before the body is looked
//! at, truncated input refused, and the decode of the request and response
//! a frame carries.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dief_protocol::codec::{MAX_ENVELOPE_BYTES, MAX_RESPONSE_BYTES};
use dief_protocol::envelope::Response;
use dief_protocol::frame::{self, FrameError, PREFIX_LEN};
use dief_protocol::keys::Signature;
use dief_protocol::Envelope;
use proptest::prelude::*;

proptest! {
    #[test]
    fn a_frame_round_trips(body in prop::collection::vec(any::<u8>(), 0..4096), extra in 0usize..64) {
        let limit = body.len() + extra;
        let bytes = frame::encode(&body, limit).unwrap();
        prop_assert_eq!(bytes.len(), PREFIX_LEN + body.len());
        prop_assert_eq!(frame::decode(&bytes, limit).unwrap(), &body[..]);
        // The prefix alone says how long the body is.
        let prefix: [u8; PREFIX_LEN] = bytes[..PREFIX_LEN].try_into().unwrap();
        prop_assert_eq!(frame::parse_prefix(prefix, limit).unwrap(), body.len());
    }

    #[test]
    fn frames_follow_each_other(a in prop::collection::vec(any::<u8>(), 0..256), b in prop::collection::vec(any::<u8>(), 0..256)) {
        let mut bytes = frame::encode(&a, 256).unwrap();
        bytes.extend(frame::encode(&b, 256).unwrap());
        let (first, rest) = frame::split(&bytes, 256).unwrap();
        prop_assert_eq!(first, &a[..]);
        prop_assert_eq!(frame::decode(rest, 256).unwrap(), &b[..]);
        let is_trailing = matches!(frame::decode(&bytes, 256), Err(FrameError::Trailing { .. }));
        prop_assert!(is_trailing);
    }

    #[test]
    fn oversize_is_refused_naming_the_limit(len in 1u32..=u32::MAX, under in 1u32..=1024) {
        let limit = len.saturating_sub(under) as usize;
        prop_assume!((len as usize) > limit);
        // Only the prefix: the body is never needed to refuse.
        let err = frame::decode(&len.to_be_bytes(), limit).unwrap_err();
        let is_too_large = matches!(err, FrameError::TooLarge { len: l, limit: m } if l == u64::from(len) && m == limit);
        prop_assert!(is_too_large, "{err:?}");
        prop_assert_eq!(err.to_string(), format!("frame of {len} bytes exceeds the limit of {limit}"));
    }

    #[test]
    fn truncated_input_is_refused(body in prop::collection::vec(any::<u8>(), 1..1024), cut in any::<prop::sample::Index>()) {
        let bytes = frame::encode(&body, 1024).unwrap();
        let keep = cut.index(bytes.len());
        let err = frame::decode(&bytes[..keep], 1024).unwrap_err();
        if keep < PREFIX_LEN {
            let short = matches!(err, FrameError::ShortPrefix { got } if got == keep);
            prop_assert!(short, "{err:?}");
        } else {
            let truncated = matches!(err, FrameError::Truncated { got, len } if got == keep - PREFIX_LEN && len == body.len());
            prop_assert!(truncated, "{err:?}");
        }
    }

    #[test]
    fn any_bytes_decode_or_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = frame::decode_request(&bytes, MAX_ENVELOPE_BYTES);
        let _ = frame::decode_response(&bytes, MAX_RESPONSE_BYTES);
    }
}

#[test]
fn the_write_side_refuses_over_the_limit_with_the_codec_message() {
    let err = frame::encode(&[0; 1025], 1024).unwrap_err();
    assert_eq!(err.to_string(), "frame of 1025 bytes exceeds the limit of 1024");
    // The node writes requests with the largest limit four bytes can say.
    assert_eq!(frame::encode_prefix(u32::MAX as usize, u32::MAX as usize).unwrap(), [0xff; 4]);
    assert!(frame::encode_prefix(u32::MAX as usize + 1, usize::MAX).is_err());
    assert_eq!(frame::check_body_len(3, 7).unwrap_err().to_string(), "frame truncated: 3 of 7 bytes");
}

#[test]
fn a_frame_carries_an_envelope_or_a_response() {
    let envelope =
        Envelope { header: vec![1, 2], keys: vec![3], ciphertext: vec![4, 5, 6], signature: Signature([9; 64]) };
    let bytes = frame::encode(&envelope.to_bytes().unwrap(), MAX_ENVELOPE_BYTES).unwrap();
    assert_eq!(frame::decode_request(&bytes, MAX_ENVELOPE_BYTES).unwrap(), envelope);

    let response = Response::Refused { reason: "busy".into(), retryable: true };
    let bytes = frame::encode(&response.to_bytes().unwrap(), MAX_RESPONSE_BYTES).unwrap();
    assert_eq!(frame::decode_response(&bytes, MAX_RESPONSE_BYTES).unwrap(), response);
    // A response is not an envelope.
    assert!(matches!(frame::decode_request(&bytes, MAX_ENVELOPE_BYTES), Err(FrameError::Body(_))));
}
