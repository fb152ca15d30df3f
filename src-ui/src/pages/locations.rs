//! The Locations screen: the practice's sites. The list on the left (with "Add location"),
//! and for the chosen one: its details, whether it is open to messages, its branding, its
//! office hours, how each topic looks there, and its own message settings — each showing
//! whether it follows the practice or is set here, with "Reset to inherited".
//! Changes come from `switchboard_core::setting_edits`.

use leptos::prelude::*;
use switchboard_core::setting_edits::{self, TopicHere, TopicPart};
use switchboard_core::{
    Change, Config, Localized, Location, LocationField, LocationId, Weekday, lists,
};

use crate::components::{Notice, NoticeKind, Switch};
use crate::ids::fresh_id;
use crate::navigation::Screen;
use crate::pages::settings::SettingsList;
use crate::workspace::{Workspace, keyed_on};

/// The Locations screen.
#[component]
pub fn LocationsPage() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let chosen = RwSignal::new(None::<LocationId>);
    // The location shown: the chosen one, else the first by name.
    let shown = Memo::new(move |_| {
        workspace
            .with_directory(|c| {
                chosen
                    .get()
                    .filter(|id| c.locations.contains_key(id))
                    .or_else(|| lists::locations(c).first().map(|l| l.id))
            })
            .flatten()
    });
    // Each form re-renders only when what it shows changes, so saving one leaves what is typed
    // in another alone.
    view! {
        <section class="page" data-screen=Screen::Locations.id()>
            <header class="page-header">
                <h1>{Screen::Locations.title()}</h1>
                <p class="lede">"Your sites, their hours, and where their messaging differs from the practice's."</p>
            </header>
            <div class="locations-layout">
                {keyed_on(
                    |c| {
                        lists::locations(c)
                            .into_iter()
                            .map(|l| (l.id, l.name.clone(), l.alias.clone(), l.active, l.time_zone.clone()))
                            .collect::<Vec<_>>()
                    },
                    move |config| view! { <LocationList config current=shown chosen /> },
                )}
                {move || shown.get().map(|id| view! { <LocationDetail id /> })}
            </div>
        </section>
    }
}

/// The list of locations and the form that adds one.
#[component]
fn LocationList(
    /// The configuration.
    config: StoredValue<Config>,
    /// The location shown on the right.
    current: Memo<Option<LocationId>>,
    /// Set to show another location.
    chosen: RwSignal<Option<LocationId>>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let items = config.with_value(|c| {
        lists::locations(c)
            .into_iter()
            .map(|location| {
                let id = location.id;
                let name = location.name.clone();
                let detail = if location.active {
                    location.alias.clone()
                } else {
                    "Deactivated".to_string()
                };
                view! {
                    <li>
                        <button type="button" class="location-item" data-location=id.to_string()
                            class:inactive=!location.active
                            aria-current=move || (current.get() == Some(id)).then_some("true")
                            on:click=move |_| chosen.set(Some(id))>
                            <span class="location-name">{name}</span>
                            <span class="location-detail">{detail}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    });
    let name = RwSignal::new(String::new());
    let zone = RwSignal::new(config.with_value(|c| {
        lists::locations(c)
            .first()
            .map_or_else(|| "America/Chicago".to_string(), |l| l.time_zone.clone())
    }));
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = name.get_untracked().trim().to_owned();
        if text.is_empty() {
            error.set(Some(
                "Type the new location's name, such as \"Eastside Clinic\".".into(),
            ));
            return;
        }
        let id = LocationId::from_u128(fresh_id());
        error.set(None);
        chosen.set(Some(id));
        name.set(String::new());
        workspace.apply(Change::AddLocation {
            location: Location::new(id, text, zone.get_untracked().trim()),
        });
    };
    view! {
        <aside class="location-list" aria-label="Locations">
            <ul>{items}</ul>
            <form class="add-location" on:submit=add>
                <label class="field"><span>"New location"</span>
                    <input type="text" data-part="new-location" placeholder="Eastside Clinic"
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) /></label>
                <label class="field"><span>"Time zone"</span>
                    <input type="text" data-part="new-location-zone" list="time-zones"
                        prop:value=move || zone.get() on:input=move |ev| zone.set(event_target_value(&ev)) /></label>
                <button type="submit" class="tool primary" data-action="add-location">"Add location"</button>
                {move || error.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
            </form>
        </aside>
    }
}

/// Everything about one location.
#[component]
fn LocationDetail(
    /// The location shown.
    id: LocationId,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let location_of = move |config: StoredValue<Config>| {
        config
            .with_value(|c| c.location(id).cloned())
            .map(StoredValue::new)
    };
    let title = move || {
        workspace
            .with_directory(|c| c.location(id).map(|l| l.name.clone()))
            .flatten()
    };
    view! {
        <div class="location-detail-pane" data-location=id.to_string()>
            <h2 class="location-title">{title}</h2>
            // The details form follows the location's text fields (its switches follow the
            // location themselves).
            {keyed_on(
                move |c| {
                    c.location(id).map(|l| {
                        [&l.name, &l.alias, &l.address, &l.phone, &l.time_zone].map(String::clone)
                    })
                },
                move |config| location_of(config).map(|location| view! { <Details location /> }),
            )}
            {keyed_on(
                move |c| c.location(id).map(|l| l.office_hours.clone()),
                move |config| location_of(config).map(|location| view! { <OfficeHoursEditor location /> }),
            )}
            <TopicsHere id />
            <SettingsList location=Some(id) />
        </div>
    }
}

/// Name, alias, address, phone, time zone; open to messages; branding.
#[component]
fn Details(
    /// The location edited.
    location: StoredValue<Location>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let id = location.with_value(|l| l.id);
    // The location as it is now (this form re-renders only when its text fields change).
    let latest = move || {
        workspace
            .with_config_untracked(|c| c.location(id).cloned())
            .flatten()
    };
    let text = |get: fn(&Location) -> String| RwSignal::new(location.with_value(get));
    let name = text(|l| l.name.clone());
    let alias = text(|l| l.alias.clone());
    let address = text(|l| l.address.clone());
    let phone = text(|l| l.phone.clone());
    let zone = text(|l| l.time_zone.clone());
    let save = move |_| {
        let wanted = [
            LocationField::Name(name.get_untracked().trim().to_owned()),
            LocationField::Alias(alias.get_untracked().trim().to_owned()),
            LocationField::Address(address.get_untracked().trim().to_owned()),
            LocationField::Phone(phone.get_untracked().trim().to_owned()),
            LocationField::TimeZone(zone.get_untracked().trim().to_owned()),
        ];
        let changes: Vec<Change> = latest().map_or_else(Vec::new, |l| {
            wanted
                .into_iter()
                .filter_map(|value| setting_edits::set_location_field(&l, value))
                .collect()
        });
        if !changes.is_empty() {
            workspace.apply(Change::Batch { changes });
        }
    };
    let field = |label: &'static str, part: &'static str, signal: RwSignal<String>| {
        view! {
            <label class="field"><span>{label}</span>
                <input type="text" data-part=part prop:value=move || signal.get()
                    on:input=move |ev| signal.set(event_target_value(&ev)) /></label>
        }
    };
    let switch = move |get: fn(&Location) -> bool| {
        Signal::derive(move || {
            workspace
                .with_directory(|c| c.location(id).map(get))
                .flatten()
                .unwrap_or_default()
        })
    };
    let (active, own_branding) = (switch(|l| l.active), switch(|l| l.own_branding));
    let set = move |value: LocationField| {
        if let Some(change) = latest().and_then(|l| setting_edits::set_location_field(&l, value)) {
            workspace.apply(change);
        }
    };
    view! {
        <section class="settings-group" data-part="details">
            <h2>"Details"</h2>
            <div class="details-grid">
                {field("Name", "name", name)}
                {field("Alias (short name patients see)", "alias", alias)}
                {field("Address", "address", address)}
                {field("Phone", "phone", phone)}
                {field("Time zone", "time-zone", zone)}
            </div>
            <div class="editor-actions">
                <button type="button" class="tool primary" data-action="save-details" on:click=save>"Save details"</button>
            </div>
            <div class="setting" data-setting="active">
                <div class="setting-head">
                    <span class="setting-title">"Open to patient messages (off: deactivated — patients cannot write here; rules and history are kept)"</span>
                </div>
                <Switch on=active label="Location active"
                    on_toggle=Callback::new(move |on| set(LocationField::Active(on))) />
            </div>
            <div class="setting" data-setting="own_branding">
                <div class="setting-head">
                    <span class="setting-title">"Use this location's information on the patient's screen (the alias wins over the name)"</span>
                </div>
                <Switch on=own_branding label="Use this location's information"
                    on_toggle=Callback::new(move |on| set(LocationField::OwnBranding(on))) />
            </div>
        </section>
    }
}

/// Office hours, one line per weekday ("08:00-12:00, 13:00-17:00"; empty: closed).
#[component]
fn OfficeHoursEditor(
    /// The location edited.
    location: StoredValue<Location>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let days: Vec<(Weekday, RwSignal<String>)> = Weekday::ALL
        .iter()
        .map(|day| {
            (
                *day,
                RwSignal::new(location.with_value(|l| l.office_hours.day_text(*day))),
            )
        })
        .collect();
    let days = StoredValue::new(days);
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let hours = days.with_value(|days| {
            days.iter().try_fold(
                location.with_value(|l| l.office_hours.clone()),
                |hours, (day, text)| hours.with_day_text(*day, &text.get_untracked()),
            )
        });
        match hours {
            Ok(hours) => {
                error.set(None);
                let change = location.with_value(|l| {
                    setting_edits::set_location_field(l, LocationField::OfficeHours(hours))
                });
                if let Some(change) = change {
                    workspace.apply(change);
                }
            }
            Err(message) => error.set(Some(message)),
        }
    };
    let rows = days.with_value(|days| {
        days.iter()
            .map(|(day, text)| {
                let text = *text;
                view! {
                    <label class="hours-row">
                        <span class="hours-day">{day.name()}</span>
                        <input type="text" data-day=day.name().to_lowercase() placeholder="Closed"
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                    </label>
                }
            })
            .collect_view()
    });
    view! {
        <section class="settings-group" data-part="office-hours">
            <h2>"Office hours"</h2>
            <p class="lede">"In the location's own time, like 08:00-17:00; several spans with commas (08:00-12:00, 13:00-17:00); empty for closed. Outside these hours patients see the after-hours notice."</p>
            <div class="hours">{rows}</div>
            <div class="editor-actions">
                <button type="button" class="tool primary" data-action="save-hours" on:click=save>"Save hours"</button>
            </div>
            {move || error.get().map(|message| view! { <Notice kind=NoticeKind::Error message /> })}
        </section>
    }
}

/// How each topic looks at this location: on or off, and its words, each following the
/// practice or set here.
#[component]
fn TopicsHere(
    /// The location.
    id: LocationId,
) -> impl IntoView {
    // The list follows the topics there are; each row follows its own topic.
    let rows = keyed_on(
        move |c| {
            setting_edits::topics_here(c, id)
                .into_iter()
                .map(|here| here.topic.key)
                .collect::<Vec<_>>()
        },
        move |config| {
            config
                .with_value(|c| setting_edits::topics_here(c, id))
                .into_iter()
                .map(|here| {
                    let key = here.topic.key;
                    let key_here = key.clone();
                    keyed_on(
                        move |c| {
                            setting_edits::topics_here(c, id)
                                .into_iter()
                                .find(|here| here.topic.key == key_here)
                        },
                        move |config| {
                            let key = key.clone();
                            config
                                .with_value(|c| {
                                    setting_edits::topics_here(c, id)
                                        .into_iter()
                                        .find(|here| here.topic.key == key)
                                })
                                .map(|here| view! { <TopicHereRow id here /> })
                        },
                    )
                })
                .collect_view()
        },
    );
    view! {
        <section class="settings-group" data-part="topics-here">
            <h2>"Topics at this location"</h2>
            <p class="lede">"Switch a topic off here, or word it differently for this location's patients. Everything else follows the Topics screen."</p>
            <div class="topics-here">{rows}</div>
        </section>
    }
}

/// One topic at one location.
#[component]
fn TopicHereRow(
    /// The location.
    id: LocationId,
    /// The topic as it is here.
    here: TopicHere,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let TopicHere { topic, own } = here;
    let key = StoredValue::new(topic.key.clone());
    let apply = move |parts: Vec<TopicPart>| {
        let change = workspace
            .with_config_untracked(|c| {
                setting_edits::set_topic_parts(c, id, &key.get_value(), parts)
            })
            .flatten();
        if let Some(change) = change {
            workspace.apply(change);
        }
    };
    let to_en = RwSignal::new(topic.display_name.en.clone());
    let to_es = RwSignal::new(topic.display_name.es.clone());
    let label_en = RwSignal::new(topic.label.en.clone());
    let label_es = RwSignal::new(topic.label.es.clone());
    let own_words = own.label.is_some() || own.display_name.is_some();
    let own_switch = own.enabled.is_some();
    let source = |own: bool| {
        if own {
            view! { <span class="source source-own">"Set for this location"</span> }.into_any()
        } else {
            view! { <span class="source source-inherited">"From the practice"</span> }.into_any()
        }
    };
    let save_words = move |_| {
        apply(vec![
            TopicPart::Label(Some(Localized::new(
                label_en.get_untracked().trim(),
                label_es.get_untracked().trim(),
            ))),
            TopicPart::DisplayName(Some(Localized::new(
                to_en.get_untracked().trim(),
                to_es.get_untracked().trim(),
            ))),
        ]);
    };
    let reset = move |_| {
        apply(vec![
            TopicPart::Enabled(None),
            TopicPart::Label(None),
            TopicPart::DisplayName(None),
        ]);
    };
    let input =
        |label: &'static str, lang: &'static str, part: &'static str, signal: RwSignal<String>| {
            view! {
                <label class="field"><span>{label}</span>
                    <input type="text" data-part=part data-lang=lang prop:value=move || signal.get()
                        on:input=move |ev| signal.set(event_target_value(&ev)) /></label>
            }
        };
    view! {
        <div class="topic-here" class:inherited=!own_words && !own_switch data-topic=topic.key.to_string()>
            <div class="setting-head">
                <Switch on=topic.enabled label=format!("{} at this location", topic.label.en)
                    on_toggle=Callback::new(move |on| apply(vec![TopicPart::Enabled(Some(on))])) />
                <span class="setting-title">{topic.label.en.clone()}</span>
                {source(own_words || own_switch)}
                <Show when=move || own_words || own_switch>
                    <button type="button" class="tool" data-action="reset-topic" on:click=reset>"Reset to inherited"</button>
                </Show>
            </div>
            <div class="details-grid">
                {input("Label (English)", "en", "label", label_en)}
                {input("Label (Español)", "es", "label", label_es)}
                {input("To: name (English)", "en", "to", to_en)}
                {input("To: name (Español)", "es", "to", to_es)}
            </div>
            <div class="editor-actions">
                <button type="button" class="tool primary" data-action="save-topic" on:click=save_words>"Save"</button>
            </div>
        </div>
    }
}
