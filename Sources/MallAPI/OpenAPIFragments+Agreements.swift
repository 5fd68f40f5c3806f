import Foundation

extension OpenAPIDocument {
    /// Framework agreements (issue 5, DOMAIN.md §F): agreements and lots, lifecycle, stage-1 responses and
    /// results, members and agreed prices, replacements, supplementary calls and applications, stage-2 orders,
    /// the rotation, the regulators' skip feed and units' discovery. Built from small helpers (the document is
    /// the same JSON a hand-written fragment would be).
    static let agreements: String = {
        let object: [String: Any] = ["paths": AgreementSpec.paths, "components": ["schemas": AgreementSpec.schemas]]
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        } catch {
            preconditionFailure("the agreements fragment is valid JSON: \(error)")
        }
    }()
}

/// The pieces of the agreements fragment.
private enum AgreementSpec {
    // MARK: - Schema helpers

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static var string: [String: Any] { ["type": "string"] }
    static var integer: [String: Any] { ["type": "integer"] }
    static var fen: [String: Any] { ["type": "integer", "format": "int64", "description": "Money in fen."] }
    static var boolean: [String: Any] { ["type": "boolean"] }
    static var date: [String: Any] { ["type": "string", "format": "date"] }
    static var dateTime: [String: Any] { ["type": "string", "format": "date-time"] }
    static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
    static func oneOf(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values] }
    static func object(_ required: [String], _ properties: [String: [String: Any]]) -> [String: Any] {
        ["type": "object", "required": required, "properties": properties]
    }
    static func page(_ item: String) -> [String: Any] {
        object(["items", "nextCursor"], ["items": array(ref(item)), "nextCursor": ["type": ["string", "null"]]])
    }

    static let methods = ["direct_selection", "second_bidding", "rotation"]
    static let states = ["draft", "soliciting", "evaluating", "active", "expired", "terminated"]
    static let sizes = ["large", "medium", "small", "micro"]

    // MARK: - Operation helpers

    static func problem(_ description: String) -> [String: Any] {
        ["description": description, "content": ["application/problem+json": ["schema": ref("Problem")]]]
    }

    static func json(_ description: String, _ schema: String) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": ref(schema)]]]
    }

    static var idParameter: [String: Any] {
        ["name": "id", "in": "path", "required": true, "schema": string, "description": "The agreement id."]
    }

    static func pathParameter(_ name: String) -> [String: Any] {
        ["name": name, "in": "path", "required": true, "schema": string]
    }

    static func query(_ name: String, _ schema: [String: Any], _ description: String) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "schema": schema, "description": description]
    }

    static var pageParameters: [[String: Any]] {
        [
            query("limit", ["type": "integer", "minimum": 1, "maximum": 200], "Page size (default 20)."),
            query("cursor", string, "The `nextCursor` of the previous page."),
        ]
    }

    static func idempotencyKey(required: Bool) -> [String: Any] {
        [
            "name": "Idempotency-Key", "in": "header", "required": required,
            "description": "A retry with the same key and body returns the first answer (`Idempotent-Replayed: true`).",
            "schema": ["type": "string", "minLength": 1, "maxLength": 255],
        ]
    }

    static func ifMatch(required: Bool) -> [String: Any] {
        [
            "name": "If-Match", "in": "header", "required": required,
            "description": "The ETag (version) being changed: 412 when stale" + (required ? ", 428 without." : "."),
            "schema": string,
        ]
    }

    /// An operation with the shared problem responses.
    static func operation(
        _ id: String, _ summary: String, _ description: String, parameters: [[String: Any]] = [],
        body: String? = nil, bodyRequired: Bool = true, ok: (Int, String, String), conflict: String? = nil,
        versioned: Bool = false, conflictSchema: String = "Problem"
    ) -> [String: Any] {
        var responses: [String: Any] = [
            "400": ["$ref": "#/components/responses/BadRequest"],
            "401": ["$ref": "#/components/responses/Unauthorized"],
            "403": ["$ref": "#/components/responses/Forbidden"],
            "404": ["$ref": "#/components/responses/NotFound"],
            "422": ["$ref": "#/components/responses/UnprocessableContent"],
            "500": ["$ref": "#/components/responses/InternalError"],
            String(ok.0): json(ok.1, ok.2),
        ]
        if let conflict {
            responses["409"] = [
                "description": conflict, "content": ["application/problem+json": ["schema": ref(conflictSchema)]],
            ]
        }
        if body != nil {
            responses["413"] = ["$ref": "#/components/responses/ContentTooLarge"]
            responses["415"] = ["$ref": "#/components/responses/UnsupportedMediaType"]
        }
        if versioned {
            responses["412"] = problem("The version in If-Match is stale (`resource.version_mismatch`)")
            responses["428"] = problem("If-Match is missing (`request.precondition_required`)")
        }
        var operation: [String: Any] = [
            "operationId": id, "tags": ["agreements"], "summary": summary, "description": description,
            "responses": responses,
        ]
        if !parameters.isEmpty { operation["parameters"] = parameters }
        if let body {
            operation["requestBody"] = [
                "required": bodyRequired, "content": ["application/json": ["schema": ref(body)]],
            ]
        }
        return operation
    }

    // MARK: - Paths

    static var paths: [String: Any] {
        var paths: [String: Any] = [:]
        let base = "/api/v1/agreements/{id}"
        paths["/api/v1/agreements"] = [
            "post": operation(
                "createAgreement", "Create a draft framework agreement (operators)",
                "DOMAIN.md §F1: goods or services (works: 422 `agreement.works_refused`), closed or open, term (goods ≤ 1 year, services ≤ 2 years unless `termReason`: 422 `agreement.term_too_long`), lots on leaf categories (422 `listing.category_not_leaf`) with max unit price, volume tiers and estimated quantity, evaluation method, elimination rate (closed: ≥ 20 %) and the stage-2 rule, optionally by amount (§F9). Audited.",
                parameters: [idempotencyKey(required: false)], body: "AgreementRequest",
                ok: (201, "The draft agreement", "Agreement")),
            "get": operation(
                "listAgreements", "Agreements newest first (drafts for operators only)",
                "`applicable=true` lists the active agreements serving the caller's region (units' discovery, issue 5 point 6).",
                parameters: pageParameters + [
                    query("state", oneOf(states), "Only agreements in this state."),
                    query("applicable", oneOf(["true", "false"]), "Only active agreements serving your region."),
                ], ok: (200, "A page of agreements", "AgreementPage")),
        ]
        paths[base] = [
            "get": operation(
                "getAgreement", "One agreement with its lots (a draft answers 404 except to operators)", "ETag is the version.",
                parameters: [idParameter], ok: (200, "The agreement", "Agreement")),
            "put": operation(
                "updateAgreement", "Replace a draft's requirements (operators)",
                "DOMAIN.md §F4: requirements are frozen once solicitation opens: 409 `agreement.frozen`, and the refused edit is audited (`agreement.edit_refused`).",
                parameters: [idParameter, ifMatch(required: true)], body: "AgreementRequest",
                ok: (200, "The agreement", "Agreement"), conflict: "Frozen (`agreement.frozen`)", versioned: true),
        ]
        let actions: [(String, String, String)] = [
            ("open", "openAgreement", "draft → soliciting: stage-1 responses are taken."),
            ("close", "closeAgreement", "soliciting → evaluating: responses close."),
            ("evaluate", "evaluateAgreement", "DOMAIN.md §F2, §F3: ranks each lot (price priority by SME-deducted evaluated price, quality priority by `scores`) and admits at most ⌊N·(1−r)⌋ while eliminating at least one (admitting everyone: 422 `agreement.admit_all_refused`; fewer than 2 valid bids: 409 `agreement.too_few_bids`; quality priority without scores: 422 `agreement.score_missing`). Re-evaluating replaces the results until activation."),
            ("activate", "activateAgreement", "evaluating → active: publishes the results and admits the suppliers at their unadjusted bids (§F2); rotations start (§F8)."),
            ("expire", "expireAgreement", "active → expired, after the last day of the term."),
            ("terminate", "terminateAgreement", "Any non-final state → terminated, with `reason`."),
        ]
        for (action, id, description) in actions {
            paths["\(base)/\(action)"] = [
                "post": operation(
                    id, "Lifecycle: \(action) (operators)",
                    description + " Not allowed in the current state: 409 `agreement.invalid_transition`. Audited.",
                    parameters: [idParameter, ifMatch(required: true), idempotencyKey(required: false)],
                    body: "AgreementActionRequest", bodyRequired: false, ok: (200, "The agreement", "Agreement"),
                    conflict: "Not allowed now (`agreement.invalid_transition`, `agreement.too_few_bids`)",
                    versioned: true)
            ]
        }
        paths["\(base)/responses"] = [
            "post": operation(
                "submitAgreementResponse", "A stage-1 response for a lot (suppliers)",
                "DOMAIN.md §F2: while soliciting (409 `agreement.not_soliciting`), the supplier's approved listing in the lot's category, a unit price at most the lot's max (422 `agreement.bid_above_max_price`); the size declaration is the supplier's. A resubmission replaces the earlier response.",
                parameters: [idParameter, idempotencyKey(required: false)], body: "StageOneResponseRequest",
                ok: (201, "The response", "StageOneResponse"), conflict: "Not soliciting (`agreement.not_soliciting`)"),
            "get": operation(
                "listAgreementResponses", "Stage-1 responses: operators all, a supplier its own", "",
                parameters: [idParameter], ok: (200, "The responses", "StageOneResponsePage")),
        ]
        paths["\(base)/results"] = [
            "get": operation(
                "getAgreementResults", "Published stage-1 results (any authenticated user once active)",
                "Per lot: ranking, evaluated price, whether the SME deduction applied, and the admitted suppliers with the agreed price (the unadjusted bid, §F2). Operators see the evaluation before publication.",
                parameters: [idParameter], ok: (200, "The results", "AgreementResults"))
        ]
        paths["\(base)/members"] = [
            "get": operation(
                "listAgreementMembers", "Admitted suppliers with products and agreed prices", "",
                parameters: [idParameter], ok: (200, "The members", "AgreementMemberPage"))
        ]
        let memberParameters = [idParameter, pathParameter("memberId"), ifMatch(required: false), idempotencyKey(required: false)]
        let memberSteps: [(String, String, String, String?, Bool)] = [
            ("price", "lowerAgreedPrice", "Lower the agreed price (the member's supplier): DOMAIN.md §P4, never raised (422 `agreement.price_increase_refused`); applies to new orders at once.", "AgreedPriceRequest", true),
            ("withdraw", "withdrawFromAgreement", "DOMAIN.md §F10: closed agreements need `reason` and an operator's acceptance (status `withdrawal_requested`); open agreements: the supplier leaves at once.", "MemberReasonRequest", false),
            ("accept-withdrawal", "acceptWithdrawal", "An operator accepts a closed agreement's withdrawal request (DOMAIN.md §F10).", "MemberReasonRequest", false),
            ("decline-withdrawal", "declineWithdrawal", "An operator declines a withdrawal request; the supplier stays active.", "MemberReasonRequest", false),
            ("remove", "removeMember", "Removal for cause (`cause`, `reason`, DOMAIN.md §F10): the supplier leaves rotations and gets no more orders.", "MemberReasonRequest", true),
        ]
        for (step, id, description, body, required) in memberSteps {
            paths["\(base)/members/{memberId}/\(step)"] = [
                "post": operation(
                    id, "Member: \(step)", description + " Audited.", parameters: memberParameters, body: body,
                    bodyRequired: required, ok: (200, "The member", "AgreementMember"),
                    conflict: "Not allowed (`agreement.not_active`, `agreement.membership_refused`, `agreement.already_decided`)",
                    versioned: true)
            ]
        }
        paths["\(base)/members/{memberId}/replacements"] = [
            "post": operation(
                "requestReplacement", "Ask to replace the admitted product (the member's supplier)",
                "DOMAIN.md §F11: the supplier's approved listing in the lot's category at a price ≤ the current agreed price (422 `agreement.replacement_price_above`); pending until an operator decides.",
                parameters: [idParameter, pathParameter("memberId"), idempotencyKey(required: false)],
                body: "ReplacementRequest", ok: (201, "The request", "Replacement"),
                conflict: "Not active (`agreement.not_active`)")
        ]
        paths["\(base)/replacements"] = [
            "get": operation(
                "listReplacements", "Replacement requests: operators all, a supplier its own", "",
                parameters: [idParameter], ok: (200, "The requests", "ReplacementPage"))
        ]
        for decision in ["approve", "refuse"] {
            paths["\(base)/replacements/{replacementId}/\(decision)"] = [
                "post": operation(
                    "\(decision)Replacement", "Replacement: \(decision) (operators)",
                    "Approval swaps the member's product and agreed price (DOMAIN.md §F11). Audited.",
                    parameters: [idParameter, pathParameter("replacementId"), idempotencyKey(required: false)],
                    body: "MemberReasonRequest", bodyRequired: false, ok: (200, "The request", "Replacement"),
                    conflict: "Already decided (`agreement.already_decided`)")
            ]
        }
        paths["\(base)/calls"] = [
            "post": operation(
                "openSupplementaryCall", "Open a supplementary call on a lot (operators; closed agreements)",
                "DOMAIN.md §F10: the only way a closed agreement takes new suppliers; an open agreement answers 409 `agreement.membership_refused`.",
                parameters: [idParameter, idempotencyKey(required: false)], body: "CallRequest",
                ok: (201, "The call", "SupplementaryCall"), conflict: "Not allowed (`agreement.membership_refused`, `agreement.not_active`)"),
            "get": operation(
                "listSupplementaryCalls", "Supplementary calls of an agreement", "", parameters: [idParameter],
                ok: (200, "The calls", "SupplementaryCallPage")),
        ]
        paths["\(base)/calls/{callId}/close"] = [
            "post": operation(
                "closeSupplementaryCall", "Close a supplementary call (operators)", "",
                parameters: [idParameter, pathParameter("callId"), idempotencyKey(required: false)],
                ok: (200, "The call", "SupplementaryCall"), conflict: "Already closed")
        ]
        paths["\(base)/applications"] = [
            "post": operation(
                "applyToAgreement", "Apply to join a lot (suppliers)",
                "DOMAIN.md §F10: open agreements at any time; closed ones only with `callId` of an open supplementary call of the lot (409 `agreement.membership_refused`). Price ≤ the lot's max (§F2). Pending until an operator decides.",
                parameters: [idParameter, idempotencyKey(required: false)], body: "ApplicationRequest",
                ok: (201, "The application", "AgreementApplication"),
                conflict: "Not allowed (`agreement.membership_refused`, `agreement.not_active`)"),
            "get": operation(
                "listAgreementApplications", "Applications: operators all, a supplier its own", "",
                parameters: [idParameter], ok: (200, "The applications", "AgreementApplicationPage")),
        ]
        for decision in ["accept", "refuse"] {
            paths["\(base)/applications/{applicationId}/\(decision)"] = [
                "post": operation(
                    "\(decision)Application", "Application: \(decision) (operators)",
                    "Acceptance makes the supplier an active member at the end of the rotation list (§F8). Audited.",
                    parameters: [idParameter, pathParameter("applicationId"), idempotencyKey(required: false)],
                    body: "MemberReasonRequest", bodyRequired: false, ok: (200, "The application", "AgreementApplication"),
                    conflict: "Already decided (`agreement.already_decided`)")
            ]
        }
        paths["\(base)/orders"] = [
            "post": operation(
                "placeAgreementOrder", "Place a stage-2 order under the agreement (buyers, approvers of a unit)",
                "The same pipeline as `POST /api/v1/orders` (stock, budget, audit, splitting detectors; breakdown with the `agreement_cap` step, and `agreement_volume_tier` once a tier is reached, §P3). The method is the one the agreement fixes for the amount (§F9): `method` naming another, or a `selection` or `skips` the fixed method does not take, answers 422 `agreement.method_fixed`. Direct selection (§F6): `selection` with the supplier and its reason; the supplier must be admitted and active (422 `agreement.supplier_not_admitted`, §F5). Rotation (§F8): the next supplier of the current cycle gets the order; `skips` pass suppliers over, each with a reason (audited and listed in `GET /api/v1/rotation-skips`). Second bidding (§F7) is a competition, not an order: when the agreement fixes it for the amount this answers 409 `agreement.method_unsupported`, pointing to `POST /api/v1/agreements/{id}/second-biddings`. Not active, or outside the term: 409 `agreement.not_active`; a unit outside the agreement's regions: 422 `pricing.region_not_served`. `Idempotency-Key` is required (400 `request.idempotency_key_required`).",
                parameters: [idParameter, idempotencyKey(required: true)], body: "AgreementOrderRequest",
                ok: (201, "The order and how its supplier was chosen", "AgreementOrder"),
                conflict: "Prices moved (`order.price_changed`, with `quote`), stock, not active, rotation exhausted",
                conflictSchema: "PriceChangedProblem")
        ]
        var secondBidding = operation(
            "postSecondBidding", "Post a second bidding among a lot's admitted suppliers (buyers, approvers of a unit)",
            "DOMAIN.md §F7: a `second_bidding` competition (see `/api/v1/competitions`) for one lot, inviting every supplier admitted and active on the lot at this moment, each at its agreed unit price; only they see it and quote (another supplier gets 404), a quote above the supplier's agreed price × quantity is refused (422 `competition.quote_above_agreed_price`), the deadline must leave the second-bidding minimum response time (422 `competition.deadline_too_early`). The category is the lot's, `specs` default to the lot's, the unit ceiling is the highest invited agreed price, and the budget line must cover quantity × that ceiling (nothing is reserved until the award). The agreement must fix second bidding for the amount (§F9; the amount is the quantity at the lot's highest agreed price), else 422 `agreement.method_fixed`; a lot without an admitted and active supplier answers 422 `agreement.supplier_not_admitted`. The award (`POST /api/v1/competitions/{id}/award`) places the order at the quoted price as a stage-2 order of the agreement (`agreementId`, `agreementLotNo`, `stageTwoMethod: second_bidding`; `GET /api/v1/orders?agreement={id}`). Not active, or outside the term: 409 `agreement.not_active`; a unit outside the agreement's regions: 422 `pricing.region_not_served`. `Idempotency-Key` is required (400 `request.idempotency_key_required`).",
            parameters: [idParameter, idempotencyKey(required: true)], body: "SecondBiddingRequest",
            ok: (201, "The competition posted", "Competition"), conflict: "Not active (`agreement.not_active`)")
        if var responses = secondBidding["responses"] as? [String: Any],
            var created = responses["201"] as? [String: Any]
        {
            created["headers"] = [
                "Location": ["description": "/api/v1/competitions/{id} of the competition", "schema": string]
            ]
            responses["201"] = created
            secondBidding["responses"] = responses
        }
        paths["\(base)/second-biddings"] = ["post": secondBidding]
        paths["\(base)/rotation"] = [
            "get": operation(
                "getAgreementRotation", "Each lot's rotation: cycle and order (DOMAIN.md §F8)", "",
                parameters: [idParameter], ok: (200, "The rotations", "RotationPage"))
        ]
        paths["/api/v1/rotation-skips"] = [
            "get": operation(
                "listRotationSkips", "Rotation skips newest first: a regulator's region, a unit's own, all for operators",
                "DOMAIN.md §F8: every skip with its reason, unit and region.", parameters: pageParameters,
                ok: (200, "A page of skips", "RotationSkipPage"))
        ]
        paths["/api/v1/agreement-offers"] = [
            "get": operation(
                "listAgreementOffers", "Admitted products a unit may order, with agreed prices (buyers, approvers)",
                "Issue 5 point 6: members of active agreements serving the unit's region.",
                parameters: pageParameters + [
                    query("agreement", string, "Only this agreement."), query("category", string, "Only this lot category."),
                ], ok: (200, "A page of offers", "AgreementOfferPage"))
        ]
        return paths
    }

    // MARK: - Schemas

    static var schemas: [String: Any] {
        let tier = object(["minQuantity", "unitPriceFen"], ["minQuantity": ["type": "integer", "format": "int64"], "unitPriceFen": fen])
        let stageTwo = object(
            ["method"], ["method": oneOf(methods), "thresholdFen": fen, "aboveMethod": oneOf(methods)])
        let lot = object(
            ["number", "name", "categoryCode", "specs", "maxUnitPriceFen", "volumeTiers", "estimatedQuantity"],
            [
                "number": integer, "name": string, "categoryCode": string, "specs": ["type": "object"],
                "maxUnitPriceFen": fen, "volumeTiers": array(ref("VolumeTier")),
                "estimatedQuantity": ["type": "integer", "format": "int64"],
            ])
        let member = object(
            [
                "id", "agreementId", "lotNo", "supplierId", "supplierName", "listingId", "listingTitle", "agreedPriceFen",
                "admittedPriceFen", "status", "admittedVia", "rotationPosition", "version", "updatedAt",
            ],
            [
                "id": string, "agreementId": string, "lotNo": integer, "supplierId": string, "supplierName": string,
                "listingId": string, "listingTitle": string, "agreedPriceFen": fen, "admittedPriceFen": fen,
                "status": oneOf(["active", "withdrawal_requested", "withdrawn", "removed"]),
                "admittedVia": oneOf(["stage_one", "supplementary_call", "application"]), "rotationPosition": integer,
                "statusReason": string, "removalCause": oneOf(["collusion", "no_longer_qualified", "refusing_awards", "other"]),
                "version": integer, "updatedAt": dateTime,
            ])
        return [
            "VolumeTier": tier,
            "StageTwoRule": stageTwo,
            "Lot": lot,
            "LotInput": object(
                ["number", "name", "categoryCode", "maxUnitPriceFen", "estimatedQuantity"],
                [
                    "number": integer, "name": string, "categoryCode": string, "specs": ["type": "object"],
                    "maxUnitPriceFen": fen, "volumeTiers": array(ref("VolumeTier")),
                    "estimatedQuantity": ["type": "integer", "format": "int64"],
                ]),
            "AgreementRequest": object(
                ["title", "subject", "kind", "termStart", "termEnd", "lots", "evaluation", "stageTwo"],
                [
                    "title": string, "subject": oneOf(["goods", "services", "works"]), "kind": oneOf(["closed", "open"]),
                    "termStart": date, "termEnd": date, "termReason": string, "lots": array(ref("LotInput")),
                    "evaluation": oneOf(["price_priority", "quality_priority"]), "eliminationRateBp": integer,
                    "stageTwo": ref("StageTwoRule"), "regions": array(string),
                ]),
            "Agreement": object(
                [
                    "id", "agreementNo", "title", "subject", "kind", "state", "termStart", "termEnd", "lots", "evaluation",
                    "eliminationRateBp", "stageTwo", "regions", "evaluated", "allowedActions", "version", "createdAt",
                    "updatedAt",
                ],
                [
                    "id": string, "agreementNo": string, "title": string, "subject": oneOf(["goods", "services"]),
                    "kind": oneOf(["closed", "open"]), "state": oneOf(states), "termStart": date, "termEnd": date,
                    "termReason": string, "lots": array(ref("Lot")),
                    "evaluation": oneOf(["price_priority", "quality_priority"]), "eliminationRateBp": integer,
                    "stageTwo": ref("StageTwoRule"), "regions": array(string), "evaluated": boolean,
                    "activatedAt": dateTime, "terminatedReason": string, "allowedActions": array(string),
                    "version": integer, "createdAt": dateTime, "updatedAt": dateTime,
                ]),
            "AgreementPage": page("Agreement"),
            "AgreementActionRequest": object(
                [],
                [
                    "reason": string,
                    "scores": ["type": "object", "additionalProperties": integer, "description": "Response id → score 0–100."],
                    "admit": ["type": "object", "additionalProperties": integer, "description": "Lot number → how many to admit."],
                ]),
            "StageOneResponseRequest": object(
                ["lotNo", "listingId", "unitPriceFen"],
                ["lotNo": integer, "listingId": string, "unitPriceFen": fen, "manufacturerSize": oneOf(sizes)]),
            "StageOneResponse": object(
                ["id", "lotNo", "supplierId", "supplierName", "listingId", "unitPriceFen", "submittedAt"],
                [
                    "id": string, "lotNo": integer, "supplierId": string, "supplierName": string, "listingId": string,
                    "unitPriceFen": fen, "supplierSize": oneOf(sizes), "manufacturerSize": oneOf(sizes),
                    "score": integer, "submittedAt": dateTime,
                ]),
            "StageOneResponsePage": page("StageOneResponse"),
            "AgreementResults": object(
                ["agreementId", "agreementNo", "evaluation", "eliminationRateBp", "published", "lots"],
                [
                    "agreementId": string, "agreementNo": string, "evaluation": string, "eliminationRateBp": integer,
                    "published": boolean,
                    "lots": array(
                        object(
                            ["lotNo", "validBids", "admitted", "ranking"],
                            [
                                "lotNo": integer, "validBids": integer, "admitted": integer,
                                "ranking": array(
                                    object(
                                        [
                                            "rank", "supplierId", "supplierName", "unitPriceFen", "evaluatedFen",
                                            "deductionApplied", "admitted",
                                        ],
                                        [
                                            "rank": integer, "supplierId": string, "supplierName": string,
                                            "unitPriceFen": fen, "evaluatedFen": fen, "deductionApplied": boolean,
                                            "score": integer, "admitted": boolean,
                                        ])),
                            ])),
                ]),
            "AgreementMember": member,
            "AgreementMemberPage": page("AgreementMember"),
            "AgreedPriceRequest": object(["unitPriceFen"], ["unitPriceFen": fen, "reason": string]),
            "MemberReasonRequest": object(
                [], ["reason": string, "cause": oneOf(["collusion", "no_longer_qualified", "refusing_awards", "other"])]),
            "ReplacementRequest": object(
                ["listingId", "unitPriceFen", "reason"], ["listingId": string, "unitPriceFen": fen, "reason": string]),
            "Replacement": object(
                [
                    "id", "memberId", "supplierId", "oldListingId", "newListingId", "oldPriceFen", "newPriceFen", "reason",
                    "status", "requestedAt",
                ],
                [
                    "id": string, "memberId": string, "supplierId": string, "oldListingId": string,
                    "newListingId": string, "oldPriceFen": fen, "newPriceFen": fen, "reason": string,
                    "status": oneOf(["pending", "approved", "refused"]), "requestedAt": dateTime,
                    "decidedAt": dateTime, "decisionReason": string,
                ]),
            "ReplacementPage": page("Replacement"),
            "CallRequest": object(["lotNo", "description"], ["lotNo": integer, "description": string]),
            "SupplementaryCall": object(
                ["id", "agreementId", "lotNo", "state", "description", "openedAt"],
                [
                    "id": string, "agreementId": string, "lotNo": integer, "state": oneOf(["open", "closed"]),
                    "description": string, "openedAt": dateTime, "closedAt": dateTime,
                ]),
            "SupplementaryCallPage": page("SupplementaryCall"),
            "ApplicationRequest": object(
                ["lotNo", "listingId", "unitPriceFen"],
                ["lotNo": integer, "callId": string, "listingId": string, "unitPriceFen": fen]),
            "AgreementApplication": object(
                ["id", "agreementId", "lotNo", "supplierId", "supplierName", "listingId", "unitPriceFen", "status", "submittedAt"],
                [
                    "id": string, "agreementId": string, "lotNo": integer, "callId": string, "supplierId": string,
                    "supplierName": string, "listingId": string, "unitPriceFen": fen,
                    "status": oneOf(["pending", "accepted", "refused"]), "submittedAt": dateTime,
                    "decidedAt": dateTime, "decisionReason": string,
                ]),
            "AgreementApplicationPage": page("AgreementApplication"),
            "AgreementOrderRequest": object(
                ["lotNo", "quantity", "budgetLineId"],
                [
                    "lotNo": integer, "quantity": ["type": "integer", "format": "int64"], "budgetLineId": string,
                    "expectedTotalFen": fen, "method": oneOf(methods),
                    "selection": object(
                        ["supplierId", "reason", "note"],
                        [
                            "supplierId": string, "reason": oneOf(["price", "quality", "convenience", "rating"]),
                            "note": string,
                        ]),
                    "skips": array(object(["supplierId", "reason"], ["supplierId": string, "reason": string])),
                    "paymentTerms": ref("PaymentTerms"),
                ]),
            "SecondBiddingRequest": object(
                ["lotNo", "title", "quantity", "unit", "budgetLineId", "deadline"],
                [
                    "lotNo": integer, "title": ["type": "string", "minLength": 1, "maxLength": 200],
                    "specs": ["type": "object", "description": "Required specifications; the lot's when omitted."],
                    "quantity": ["type": "integer", "format": "int64", "minimum": 1],
                    "unit": ["type": "string", "minLength": 1, "maxLength": 20], "budgetLineId": string,
                    "deadline": ["type": "string", "format": "date-time"],
                ]),
            "AgreementOrder": object(
                ["agreementId", "agreementNo", "lotNo", "method", "supplierId", "memberId", "agreedPriceFen", "placement"],
                [
                    "agreementId": string, "agreementNo": string, "lotNo": integer, "method": oneOf(methods),
                    "supplierId": string, "memberId": string, "agreedPriceFen": fen,
                    "selection": object(["reason", "note"], ["reason": string, "note": string]),
                    "allocation": object(
                        ["cycle", "position", "skipped"],
                        [
                            "cycle": integer, "position": integer,
                            "skipped": array(object(["supplierId", "reason"], ["supplierId": string, "reason": string])),
                        ]),
                    "placement": ref("Placement"),
                ]),
            "Rotation": object(
                ["lotNo", "cycle", "order"],
                [
                    "lotNo": integer, "cycle": integer,
                    "order": array(
                        object(
                            ["supplierId", "supplierName", "status", "awardedInCycle"],
                            ["supplierId": string, "supplierName": string, "status": string, "awardedInCycle": boolean])),
                ]),
            "RotationPage": page("Rotation"),
            "RotationSkip": object(
                [
                    "id", "agreementId", "agreementNo", "lotNo", "orderId", "supplierId", "supplierName", "unitId",
                    "unitName", "regionCode", "cycle", "reason", "skippedAt",
                ],
                [
                    "id": string, "agreementId": string, "agreementNo": string, "lotNo": integer, "orderId": string,
                    "supplierId": string, "supplierName": string, "unitId": string, "unitName": string,
                    "regionCode": string, "cycle": integer, "reason": string, "skippedAt": dateTime,
                ]),
            "RotationSkipPage": page("RotationSkip"),
            "AgreementOffer": object(
                ["agreementId", "agreementNo", "agreementTitle", "termEnd", "stageTwo", "lot", "member"],
                [
                    "agreementId": string, "agreementNo": string, "agreementTitle": string, "termEnd": date,
                    "stageTwo": ref("StageTwoRule"), "lot": ref("Lot"), "member": ref("AgreementMember"),
                ]),
            "AgreementOfferPage": page("AgreementOffer"),
        ]
    }
}
