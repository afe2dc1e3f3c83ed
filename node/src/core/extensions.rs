//! State a service keeps in memory beside the core, one value per type,
//! made on first use: a service's caches live as long as its node without
//! the core knowing the services (the meeting calendar's fold is one).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One value of each type, shared by every clone of a node's core.
#[derive(Default)]
pub(crate) struct Extensions {
    map: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl std::fmt::Debug for Extensions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.map.lock().map_or(0, |m| m.len());
        f.debug_struct("Extensions").field("values", &n).finish()
    }
}

impl Extensions {
    /// The value of type `T`, made with `T::default()` the first time.
    pub(crate) fn get<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = map.get(&TypeId::of::<T>()).and_then(|v| v.clone().downcast::<T>().ok()) {
            return v;
        }
        let v = Arc::new(T::default());
        map.insert(TypeId::of::<T>(), v.clone());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Counter(std::sync::atomic::AtomicU32);

    #[test]
    fn one_value_per_type_shared_by_every_caller() {
        let ext = Extensions::default();
        ext.get::<Counter>().0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        ext.get::<Counter>().0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(ext.get::<Counter>().0.load(std::sync::atomic::Ordering::Relaxed), 2);
        assert_eq!(*ext.get::<Mutex<u8>>().lock().expect("lock"), 0);
    }
}
