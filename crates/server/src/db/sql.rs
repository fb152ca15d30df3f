//! `sql_database!`: the [`Database`](super::Database) implementation both backends share,
//! written once. Each backend names its type (with a `pool` field), the statement that starts
//! a write transaction, and what locks the practice's row for the rest of it:
//!
//! - SQLite: `BEGIN IMMEDIATE` takes the database's write lock at once; no row lock needed.
//! - PostgreSQL: `BEGIN`, then `SELECT … FOR UPDATE OF p` on the practice's row (`p`), so processes
//!   writing the same practice take turns and each sees the head the one before committed.

/// Implements [`Database`](super::Database) for `$db`.
macro_rules! sql_database {
    ($db:ident, begin_write = $begin:literal, lock_practice = $lock:literal) => {
        impl $crate::db::Database for $db {
            async fn ready(&self) -> Result<(), DbError> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn add_practice(
                &self,
                id: PracticeId,
                name: &str,
                now: &str,
            ) -> Result<(), DbError> {
                sqlx::query("INSERT INTO practices (id, name, created_at) VALUES ($1, $2, $3)")
                    .bind(id.to_string())
                    .bind(name)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn practices(&self) -> Result<Vec<PracticeRow>, DbError> {
                let rows: Vec<(String, String, i64)> =
                    sqlx::query_as("SELECT id, name, head FROM practices ORDER BY created_at, id")
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter()
                    .map(|(id, name, head)| {
                        Ok(PracticeRow {
                            id: practice_id(&id)?,
                            name,
                            head,
                        })
                    })
                    .collect()
            }

            async fn practice(&self, id: PracticeId) -> Result<Option<PracticeRow>, DbError> {
                let row: Option<(String, i64)> =
                    sqlx::query_as("SELECT name, head FROM practices WHERE id = $1")
                        .bind(id.to_string())
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(|(name, head)| PracticeRow { id, name, head }))
            }

            async fn upload(&self, practice: PracticeId, config: &Config) -> Result<bool, DbError> {
                let text = serde_json::to_string(config)
                    .map_err(|err| DbError::Invalid(err.to_string()))?;
                let mut tx = self.pool.begin_with($begin).await?;
                let head: Option<i64> =
                    sqlx::query_scalar(concat!("SELECT p.head FROM practices p WHERE p.id = $1", $lock))
                        .bind(practice.to_string())
                        .fetch_optional(&mut *tx)
                        .await?;
                if head != Some(0) {
                    return Ok(false);
                }
                sqlx::query(
                    "UPDATE practices SET head = 1, base_revision = 1, base_config = $1, config = $1 WHERE id = $2",
                )
                .bind(&text)
                .bind(practice.to_string())
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn push(
                &self,
                practice: PracticeId,
                batch: &[PushedChange],
                by: &Pusher<'_>,
            ) -> Result<Vec<PushOutcome>, DbError> {
                let refuse_all = |reason: &str| {
                    Ok(batch
                        .iter()
                        .map(|_| PushOutcome::Refused {
                            reason: reason.to_owned(),
                        })
                        .collect())
                };
                let practice_text = practice.to_string();
                let mut tx = self.pool.begin_with($begin).await?;
                let head: Option<i64> = sqlx::query_scalar(concat!(
                    "SELECT p.head FROM practices p WHERE p.id = $1",
                    $lock
                ))
                .bind(&practice_text)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(mut head) = head else {
                    return refuse_all("There is no such practice on this server.");
                };
                let cached = self.configs.get(practice, head);
                let mut config = match cached {
                    Some(config) => Config::clone(&config),
                    None => {
                        let text: Option<String> =
                            sqlx::query_scalar("SELECT config FROM practices WHERE id = $1")
                                .bind(&practice_text)
                                .fetch_one(&mut *tx)
                                .await?;
                        let Some(text) = text else {
                            return refuse_all(
                                "Nothing has been uploaded to this practice yet. Upload a practice first, then sync.",
                            );
                        };
                        json::<Config>(&text, "the practice's configuration")?
                    }
                };
                // The changes of this push the log holds already, in one trip.
                let placeholders: Vec<String> =
                    (0..batch.len()).map(|n| format!("${}", n + 2)).collect();
                let mut logged = std::collections::HashMap::new();
                if !batch.is_empty() {
                    let sql = format!(
                        "SELECT id, revision FROM changes WHERE practice = $1 AND id IN ({})",
                        placeholders.join(", ")
                    );
                    let mut query = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql))
                        .bind(&practice_text);
                    for pushed in batch {
                        query = query.bind(pushed.id.to_string());
                    }
                    logged.extend(query.fetch_all(&mut *tx).await?);
                }
                let mut outcomes = Vec::with_capacity(batch.len());
                for pushed in batch {
                    let id = pushed.id.to_string();
                    if let Some(revision) = logged.get(&id) {
                        outcomes.push(PushOutcome::Duplicate {
                            revision: *revision,
                        });
                        continue;
                    }
                    if let Some(reason) = push::metadata_problem(pushed) {
                        outcomes.push(PushOutcome::Refused { reason });
                        continue;
                    }
                    match switchboard_core::apply(&mut config, &pushed.change) {
                        Ok(inverse) => {
                            let revision = head + 1;
                            let change_text = serde_json::to_string(&pushed.change)
                                .map_err(|err| DbError::Invalid(err.to_string()))?;
                            let inverse_text = serde_json::to_string(&inverse)
                                .map_err(|err| DbError::Invalid(err.to_string()))?;
                            sqlx::query(
                                "INSERT INTO changes (practice, revision, id, account, device, made_at, received_at, change, inverse)
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                            )
                            .bind(&practice_text)
                            .bind(revision)
                            .bind(&id)
                            .bind(by.account)
                            .bind(&pushed.device)
                            .bind(&pushed.made_at)
                            .bind(by.received_at)
                            .bind(&change_text)
                            .bind(&inverse_text)
                            .execute(&mut *tx)
                            .await?;
                            head = revision;
                            logged.insert(id, revision);
                            outcomes.push(PushOutcome::Applied { revision });
                        }
                        Err(err) => {
                            let log = if matches!(err, ApplyError::Conflict { .. }) {
                                let rows: Vec<(i64, String, String)> = sqlx::query_as(
                                    "SELECT revision, inverse, account FROM changes WHERE practice = $1 ORDER BY revision DESC LIMIT $2",
                                )
                                .bind(&practice_text)
                                .bind(i64::try_from(push::CONFLICT_LOOKBACK).unwrap_or(i64::MAX))
                                .fetch_all(&mut *tx)
                                .await?;
                                rows.into_iter()
                                    .map(|(revision, inverse, account)| {
                                        Ok((revision, json(&inverse, "a logged change")?, account))
                                    })
                                    .collect::<Result<Vec<_>, DbError>>()?
                            } else {
                                Vec::new()
                            };
                            outcomes.push(push::refusal(&config, &pushed.change, err, head, &log));
                        }
                    }
                }
                if outcomes
                    .iter()
                    .any(|outcome| matches!(outcome, PushOutcome::Applied { .. }))
                {
                    // The rows the log replays to, at the new head, with the log's new entries:
                    // one commit, after which (and only after which) the push is answered.
                    let config_text = serde_json::to_string(&config)
                        .map_err(|err| DbError::Invalid(err.to_string()))?;
                    sqlx::query("UPDATE practices SET head = $1, config = $2 WHERE id = $3")
                        .bind(head)
                        .bind(&config_text)
                        .bind(&practice_text)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    self.configs.keep(practice, head, std::sync::Arc::new(config));
                }
                Ok(outcomes)
            }

            async fn pull(
                &self,
                practice: PracticeId,
                since: i64,
                limit: usize,
            ) -> Result<Pulled, DbError> {
                let practice_text = practice.to_string();
                let mut tx = self.pool.begin().await?;
                let Some((head, base)): Option<(i64, i64)> =
                    sqlx::query_as("SELECT head, base_revision FROM practices WHERE id = $1")
                        .bind(&practice_text)
                        .fetch_optional(&mut *tx)
                        .await?
                else {
                    return Ok(Pulled::NoPractice);
                };
                if base == 0 || since < base || since > head {
                    return Ok(Pulled::SnapshotRequired { head });
                }
                let rows: Vec<(i64, String, String, String, String, String, String)> =
                    sqlx::query_as(
                        "SELECT revision, id, change, account, device, made_at, received_at FROM changes
                         WHERE practice = $1 AND revision > $2 ORDER BY revision LIMIT $3",
                    )
                    .bind(&practice_text)
                    .bind(since)
                    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                    .fetch_all(&mut *tx)
                    .await?;
                tx.commit().await?;
                let changes = rows
                    .into_iter()
                    .map(
                        |(revision, id, change, account, device, made_at, received_at)| {
                            Ok(LogEntry {
                                revision,
                                id: id.parse().map_err(|_| {
                                    DbError::corrupt(format!("a change id \"{id}\""))
                                })?,
                                change: json(&change, "a logged change")?,
                                account,
                                device,
                                made_at,
                                received_at,
                            })
                        },
                    )
                    .collect::<Result<Vec<_>, DbError>>()?;
                Ok(Pulled::Changes { changes, head })
            }

            async fn snapshot(
                &self,
                practice: PracticeId,
            ) -> Result<(i64, Option<Config>), DbError> {
                match self.snapshot_json(practice).await? {
                    (head, Some(config)) => {
                        Ok((head, Some(json(&config, "the practice's configuration")?)))
                    }
                    (head, None) => Ok((head, None)),
                }
            }

            async fn snapshot_json(
                &self,
                practice: PracticeId,
            ) -> Result<(i64, Option<String>), DbError> {
                let row: Option<(i64, Option<String>)> =
                    sqlx::query_as("SELECT head, config FROM practices WHERE id = $1")
                        .bind(practice.to_string())
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.unwrap_or((0, None)))
            }

            async fn base(&self, practice: PracticeId) -> Result<(i64, Option<Config>), DbError> {
                let row: Option<(i64, Option<String>)> = sqlx::query_as(
                    "SELECT base_revision, base_config FROM practices WHERE id = $1",
                )
                .bind(practice.to_string())
                .fetch_optional(&self.pool)
                .await?;
                match row {
                    Some((base, Some(config))) => {
                        Ok((base, Some(json(&config, "the uploaded configuration")?)))
                    }
                    _ => Ok((0, None)),
                }
            }

            async fn add_account(&self, account: &AccountRow, now: &str) -> Result<(), DbError> {
                sqlx::query(
                    "INSERT INTO accounts (id, practice, name, role, password_hash, disabled, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&account.id)
                .bind(account.practice.to_string())
                .bind(&account.name)
                .bind(account.role.name())
                .bind(&account.password_hash)
                .bind(i64::from(account.disabled))
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn account(
                &self,
                practice: PracticeId,
                name: &str,
            ) -> Result<Option<AccountRow>, DbError> {
                let row: Option<AccountTuple> = sqlx::query_as(
                    "SELECT id, practice, name, role, password_hash, disabled FROM accounts WHERE practice = $1 AND name = $2",
                )
                .bind(practice.to_string())
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
                row.map(account_row).transpose()
            }

            async fn accounts(&self, practice: PracticeId) -> Result<Vec<AccountRow>, DbError> {
                let rows: Vec<AccountTuple> = sqlx::query_as(
                    "SELECT id, practice, name, role, password_hash, disabled FROM accounts WHERE practice = $1 ORDER BY name",
                )
                .bind(practice.to_string())
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(account_row).collect()
            }

            async fn set_password(&self, account_id: &str, hash: &str) -> Result<bool, DbError> {
                let mut tx = self.pool.begin_with($begin).await?;
                let done = sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
                    .bind(hash)
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    > 0;
                // A new password ends every session signed in with the old one.
                sqlx::query("UPDATE sessions SET revoked = 1 WHERE account = $1")
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(done)
            }

            async fn disable(&self, account_id: &str) -> Result<bool, DbError> {
                let mut tx = self.pool.begin_with($begin).await?;
                let done = sqlx::query("UPDATE accounts SET disabled = 1 WHERE id = $1")
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    > 0;
                sqlx::query("UPDATE sessions SET revoked = 1 WHERE account = $1")
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(done)
            }

            async fn add_session(
                &self,
                token_hash: &str,
                account_id: &str,
                now: i64,
                expires_at: i64,
            ) -> Result<(), DbError> {
                sqlx::query(
                    "INSERT INTO sessions (token_hash, account, created_at, last_used_at, expires_at) VALUES ($1, $2, $3, $3, $4)",
                )
                .bind(token_hash)
                .bind(account_id)
                .bind(now)
                .bind(expires_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>, DbError> {
                let row: Option<(String, String, String, String, String, i64, i64, i64)> =
                    sqlx::query_as(
                        "SELECT a.id, a.practice, a.name, a.role, a.password_hash, a.disabled, s.last_used_at, s.expires_at
                         FROM sessions s JOIN accounts a ON a.id = s.account
                         WHERE s.token_hash = $1 AND s.revoked = 0",
                    )
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(
                    |(id, practice, name, role, hash, disabled, last_used_at, expires_at)| {
                        Ok(SessionRow {
                            account: account_row((id, practice, name, role, hash, disabled))?,
                            last_used_at,
                            expires_at,
                        })
                    },
                )
                .transpose()
            }

            async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), DbError> {
                sqlx::query("UPDATE sessions SET last_used_at = $1 WHERE token_hash = $2")
                    .bind(now)
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn revoke_session(&self, token_hash: &str) -> Result<(), DbError> {
                sqlx::query("UPDATE sessions SET revoked = 1 WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn add_portal_key(
                &self,
                id: &str,
                key_hash: &str,
                practice: PracticeId,
                label: &str,
                now: &str,
            ) -> Result<(), DbError> {
                sqlx::query(
                    "INSERT INTO portal_keys (id, key_hash, practice, label, created_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(key_hash)
                .bind(practice.to_string())
                .bind(label)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn portal_key(&self, key_hash: &str) -> Result<Option<PracticeId>, DbError> {
                let practice: Option<String> = sqlx::query_scalar(
                    "SELECT practice FROM portal_keys WHERE key_hash = $1 AND revoked = 0",
                )
                .bind(key_hash)
                .fetch_optional(&self.pool)
                .await?;
                practice.map(|text| practice_id(&text)).transpose()
            }

            async fn revoke_portal_key(&self, id: &str) -> Result<bool, DbError> {
                Ok(sqlx::query("UPDATE portal_keys SET revoked = 1 WHERE id = $1")
                    .bind(id)
                    .execute(&self.pool)
                    .await?
                    .rows_affected()
                    > 0)
            }

            async fn fail_signin(&self, key: &str, now: i64, window: i64) -> Result<i64, DbError> {
                Ok(sqlx::query_scalar(
                    "INSERT INTO failed_signins (key, window_start, failures) VALUES ($1, $2, 1)
                     ON CONFLICT (key) DO UPDATE SET
                       failures = CASE WHEN failed_signins.window_start < $3 THEN 1 ELSE failed_signins.failures + 1 END,
                       window_start = CASE WHEN failed_signins.window_start < $3 THEN $2 ELSE failed_signins.window_start END
                     RETURNING failures",
                )
                .bind(key)
                .bind(now)
                .bind(now - window)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn signin_failures(
                &self,
                key: &str,
                now: i64,
                window: i64,
            ) -> Result<i64, DbError> {
                let failures: Option<i64> = sqlx::query_scalar(
                    "SELECT failures FROM failed_signins WHERE key = $1 AND window_start >= $2",
                )
                .bind(key)
                .bind(now - window)
                .fetch_optional(&self.pool)
                .await?;
                Ok(failures.unwrap_or(0))
            }

            async fn clear_signin_failures(&self, key: &str) -> Result<(), DbError> {
                sqlx::query("DELETE FROM failed_signins WHERE key = $1")
                    .bind(key)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}

pub(crate) use sql_database;

/// An account's columns: id, practice, name, role, password hash, disabled.
pub(crate) type AccountTuple = (String, String, String, String, String, i64);

/// An account from its columns.
pub(crate) fn account_row(
    (id, practice, name, role, password_hash, disabled): AccountTuple,
) -> Result<super::AccountRow, super::DbError> {
    Ok(super::AccountRow {
        id,
        practice: super::practice_id(&practice)?,
        name,
        role: super::role(&role)?,
        password_hash,
        disabled: disabled != 0,
    })
}
