use std::time::Instant;
use tillit_store::{Store, StoreConfig};
#[tokio::main]
async fn main() {
    let store = Store::open(&StoreConfig::Sqlite {
        path: "/tmp/fdemo/tillit.sqlite".into(),
    })
    .await
    .unwrap();
    let today = jiff::civil::date(2026, 11, 23);
    for _ in 0..4 {
        let t = Instant::now();
        let f = tillit_web::facts_cache::load_facts(&store, today)
            .await
            .unwrap();
        println!("parallel {} {:?}", f.events(), t.elapsed());
    }
    for _ in 0..2 {
        let t = Instant::now();
        let e = store.events_for_followup(None, None).await.unwrap();
        println!("one slice {} {:?}", e.len(), t.elapsed());
        let t = Instant::now();
        let e = store.all_events().await.unwrap();
        println!("all_events {} {:?}", e.len(), t.elapsed());
    }
}
